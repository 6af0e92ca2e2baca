package dev.headroom.cli;

import dev.headroom.credentials.Redaction;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.engine.Logs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code headroom} command. Without a subcommand it opens the console (through the starter the
 * launcher passes in, so that this package never touches the UI). Exit codes: 0 ok, 1 an operator
 * error with a message, 2 a usage error.
 */
@Command(name = "headroom", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Plan and run fleet maintenance before capacity runs out.%n"
                + "Without a command, opens the console on the embedded sandbox.",
        subcommands = {AccountsCommand.class, SyncCommand.class, FleetCommand.class, ImportCommand.class, ExportCommand.class,
            ForecastCommand.class, BenchCommand.class, GraphCommand.class, PlanCommand.class, SimulateCommand.class,
            ScenariosCommand.class, RolloutCommand.class, AuditCommand.class, SandboxCommand.class},
        footer = {"", "Data directory: --data-dir, else $HEADROOM_HOME, else the platform's user data directory.",
                "Exit codes: 0 ok, 1 operator error (the message says what to do), 2 usage error."})
public final class HeadroomCli implements Runnable {
    public static final int OK = 0;
    public static final int OPERATOR_ERROR = 1;
    public static final int USAGE_ERROR = 2;

    private static final Logger LOG = Logger.getLogger(HeadroomCli.class.getName());

    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Directory of the Headroom database (default: $HEADROOM_HOME or the user data directory).")
    Path dataDir;

    private final Consumer<Path> console;

    HeadroomCli(Consumer<Path> console) {
        this.console = console;
    }

    /** Runs the command line and returns the exit code; {@code console} opens the UI on a data directory. */
    public static int run(String[] args, Consumer<Path> console, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new HeadroomCli(console));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof HeadroomException he) {
                LOG.log(Level.FINE, he.getMessage(), he);
                commandLine.getErr().println(Redaction.redact(he.operatorMessage()));
            } else {
                LOG.log(Level.SEVERE, "unexpected failure", e);
                Object root = commandLine.getCommandSpec().root().userObject();
                String where = root instanceof HeadroomCli h
                        ? " The details are in " + Logs.directory(h.dataDirectory()) + "." : "";
                commandLine.getErr().println("Headroom hit an internal error (" + Redaction.redact(String.valueOf(e)) + ")." + where
                        + " Please report it with the command you ran.");
            }
            commandLine.getErr().flush();
            return OPERATOR_ERROR;
        });
        // picocli's default for usage errors is already 2; keep it explicit because scripts rely on it
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().getErr().println("Run \"headroom --help\" for usage.");
            return USAGE_ERROR;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        console.accept(dataDirectory());
    }

    Path dataDirectory() {
        return DataDirectory.resolve(Optional.ofNullable(dataDir));
    }

    /** Opens the engine for a command, creating the sandbox on first start. */
    Engine openEngine(PrintWriter err) {
        Logs.toFiles(dataDirectory());
        Engine engine = Engine.open(dataDirectory());
        try {
            if (engine.store().accounts().isEmpty()) {
                err.println("First start: generating the sandbox fleet in " + engine.dataDir() + " …");
                err.flush();
            }
            engine.ensureSandbox((f, m) -> { });
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }
}
