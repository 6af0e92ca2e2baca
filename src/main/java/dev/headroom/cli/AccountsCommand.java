package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.headroom.domain.Account;
import dev.headroom.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "accounts", mixinStandardHelpOptions = true, description = "List the connected accounts.")
final class AccountsCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = parent.openEngine(spec.commandLine().getErr())) {
            List<Account> accounts = engine.store().accounts();
            if (format == OutputFormat.json) {
                ArrayNode array = Json.MAPPER.createArrayNode();
                for (Account a : accounts) {
                    var node = array.addObject();
                    node.put("name", a.name());
                    node.put("kind", a.kind().label());
                    node.put("created", a.created().toString());
                    node.put("source", a.setting("source", ""));
                }
                Json.print(out, array);
                return HeadroomCli.OK;
            }
            Table table = new Table(List.of("NAME", "KIND", "CREATED", "SOURCE"));
            for (Account a : accounts) {
                table.add(List.of(a.name(), a.kind().label(), a.created().toString(), a.setting("source", "")));
            }
            if (format == OutputFormat.csv) {
                table.printCsv(out);
            } else {
                table.printAligned(out);
            }
            return HeadroomCli.OK;
        }
    }
}
