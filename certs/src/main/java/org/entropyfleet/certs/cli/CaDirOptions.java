package org.entropyfleet.certs.cli;

import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The options every command that signs with the CA shares ({@code --dir DIR}, then
 * {@code --passphrase-file FILE}, in that order in its help), and the command's output streams.
 */
public final class CaDirOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    PkiDirOption dir;

    @Mixin
    PassphraseOption passphrase;

    public PkiLayout layout() {
        return dir.layout();
    }

    /** The CA key passphrase, or {@code null} when no file was given. */
    public char[] passphrase() {
        return passphrase.passphrase();
    }

    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    public PrintWriter err() {
        return command.commandLine().getErr();
    }
}
