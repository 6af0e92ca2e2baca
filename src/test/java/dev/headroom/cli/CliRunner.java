package dev.headroom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process and captures what it prints; records console starts instead of opening one. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {
    }

    final List<Path> consoleStarts = new ArrayList<>();

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeadroomCli.run(args, consoleStarts::add, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
