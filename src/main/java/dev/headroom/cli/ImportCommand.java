package dev.headroom.cli;

import dev.headroom.engine.Engine;
import dev.headroom.engine.ScenarioService.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a scenario directory as a \"files\" account. A bad file imports nothing.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Scenario directory (hosts.csv and optional metrics.csv, …).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "Account name (default: the directory's name).")
    String name;

    @Option(names = "--replace", description = "Replace an existing files account of the same name.")
    boolean replace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = parent.openEngine(spec.commandLine().getErr())) {
            ImportResult result = engine.scenarios().importDirectory(dir, Optional.ofNullable(name), replace);
            out.printf("Imported account \"%s\": %d hosts, %d metric series.%n", result.account().name(),
                    result.hosts(), result.series());
            Notes.print(out, "  note: ", result.notes(), "notes of the same kinds");
            out.flush();
            return HeadroomCli.OK;
        }
    }
}
