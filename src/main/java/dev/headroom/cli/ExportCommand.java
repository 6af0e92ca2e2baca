package dev.headroom.cli;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write an account as a scenario directory.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--account", paramLabel = "NAME", required = true, description = "Account to export.")
    String account;

    @Option(names = "--gzip", description = "Write metrics.csv.gz instead of metrics.csv (about 5 times smaller).")
    boolean gzip;

    @Parameters(paramLabel = "DIR", description = "Target directory: new, empty, or an earlier export.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = parent.openEngine(spec.commandLine().getErr())) {
            AccountSnapshot s = engine.scenarios().exportAccount(account, dir, gzip);
            out.printf("Exported account \"%s\" to %s: %d hosts, %d metric series.%n", account,
                    dir.toAbsolutePath().normalize(), s.hosts().size(), s.metrics().size());
            out.flush();
            return HeadroomCli.OK;
        }
    }
}
