package org.entropyfleet.link.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A subcommand about one config file given as its only parameter ({@code check-config FILE}), for both agents. */
public abstract class ConfigFileCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    protected Path file;
}
