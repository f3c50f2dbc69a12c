package org.entropyfleet.client.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.entropyfleet.client.ClientAgentCommand;
import picocli.CommandLine;

/** One in-process run of the client-agent CLI: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cl = ClientAgentCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
