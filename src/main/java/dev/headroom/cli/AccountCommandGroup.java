package dev.headroom.cli;

import dev.headroom.engine.Engine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * A command whose subcommands work on one account (--account, default the sandbox) through the
 * engine: {@code scenarios}, {@code rollout}. Run alone it prints its usage.
 */
abstract class AccountCommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    @Option(names = "--account", paramLabel = "NAME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The account (default: the sandbox).")
    String account;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    <T> T withEngine(PrintWriter err, Function<Engine, T> work) {
        try (Engine engine = parent.openEngine(err)) {
            return work.apply(engine);
        }
    }

    String account(Engine engine) {
        return account == null ? engine.defaultAccount() : account;
    }
}
