package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.AccountService;
import dev.headroom.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The connected accounts: list (default), add, test, set, remove. {@code headroom sync NAME} reads one in. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "List the connected accounts; add, test, change or remove one.",
        subcommands = {AccountsCommand.Add.class, AccountsCommand.Test.class, AccountsCommand.Set.class,
            AccountsCommand.Remove.class})
final class AccountsCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** Where secrets are read from by {@code --secret-stdin}; tests replace it. */
    static InputStream stdin = System.in;

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
                    AccountService.status(a).forEach(node::put);
                }
                Json.print(out, array);
                return HeadroomCli.OK;
            }
            Table table = new Table(List.of("NAME", "KIND", "CREATED", "SOURCE", "LAST SYNC", "STATUS"));
            for (Account a : accounts) {
                table.add(List.of(a.name(), a.kind().label(), a.created().toString(), source(a),
                        a.setting(AccountService.LAST_SYNC, ""), a.setting(AccountService.LAST_ERROR, "")
                                .isEmpty() ? "ok" : "error: " + a.setting(AccountService.LAST_ERROR, "")));
            }
            if (format == OutputFormat.csv) {
                table.printCsv(out);
            } else {
                table.printAligned(out);
            }
            return HeadroomCli.OK;
        }
    }

    private static String source(Account a) {
        for (String key : List.of("source", "url", "kubeconfig")) {
            if (!a.setting(key, "").isEmpty()) {
                return a.setting(key, "");
            }
        }
        return "";
    }

    /** {@code key=value} pairs into settings; a bad pair is a usage error naming it. */
    static Map<String, String> settings(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new HeadroomException("\"" + pair + "\" is not a setting: write KEY=VALUE (for example "
                        + "url=http://prometheus:9090).");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return out;
    }

    /** The one secret field an account of {@code kind} has. */
    static String secretField(AccountKind kind) {
        List<String> fields = AccountService.secretFields(kind);
        if (fields.isEmpty()) {
            throw new HeadroomException("A " + kind.label() + " account has no secret.");
        }
        return fields.get(0);
    }

    /** The secret {@code field} as one line from standard input, without its line end; never echoed, never logged. */
    static char[] readSecret(String field) {
        String what = field.replace('_', ' ');
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new HeadroomException("No " + what + " on standard input: pipe it in, e.g. \"headroom accounts "
                        + "add … --secret-stdin < token-file\".");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new HeadroomException("The " + what + " could not be read from standard input (" + e.getMessage()
                    + ").", e);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a Prometheus or Kubernetes account. Settings are KEY=VALUE (docs/prometheus.md, "
                    + "docs/kubernetes.md); the secret (bearer token or password, cluster token) is read from "
                    + "standard input with --secret-stdin and goes to the secret store, never the database. "
                    + "\"headroom sync NAME\" then reads its inventory and history.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KIND", description = "prometheus or kubernetes")
        String kind;

        @Parameters(index = "1", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Option(names = "--url", paramLabel = "URL", description = "Prometheus: the HTTP API's base URL.")
        String url;

        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "Kubernetes: the kubeconfig file (referenced, never copied).")
        String kubeconfig;

        @Option(names = "--context", paramLabel = "NAME", description = "Kubernetes: the kubeconfig context.")
        String context;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other setting; repeatable.")
        List<String> set;

        @Option(names = "--secret-stdin", description = "Read the account's secret from standard input (one line).")
        boolean secretStdin;

        @Override
        public Integer call() {
            AccountKind k;
            try {
                k = AccountKind.parse("kind", kind);
            } catch (DomainException e) {
                throw new HeadroomException("\"" + kind + "\" is not an account kind that can be added: use prometheus "
                        + "or kubernetes.");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            if (url != null) {
                settings.put("url", url);
            }
            if (kubeconfig != null) {
                settings.put("kubeconfig", kubeconfig);
            }
            if (context != null) {
                settings.put("context", context);
            }
            settings.putAll(settings(set));
            Map<String, char[]> secrets = new HashMap<>();
            if (secretStdin) {
                String field = secretField(k);
                secrets.put(field, readSecret(field));
            }
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                Account a = engine.accounts().add(k, name, settings, secrets);
                spec.commandLine().getOut().println("Added " + a.kind().label() + " account " + a.name()
                        + (secrets.isEmpty() ? "" : " (its secret is in " + engine.secrets().describe() + ")")
                        + ". Test it with \"headroom accounts test " + a.name() + "\", then read it in with "
                        + "\"headroom sync " + a.name() + "\".");
                return HeadroomCli.OK;
            } finally {
                secrets.values().forEach(v -> java.util.Arrays.fill(v, '\0'));
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Reach the account's provider with its settings and secret, and say what it found.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                spec.commandLine().getOut().println(engine.accounts().test(name));
                return HeadroomCli.OK;
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change settings of an account (KEY=VALUE; KEY= removes it), e.g. its label mapping. "
                    + "A wrong value is refused and the stored settings stay; --secret-stdin replaces its secret.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE")
        List<String> pairs;

        @Option(names = "--secret-stdin", description = "Read a new secret from standard input (one line).")
        boolean secretStdin;

        @Override
        public Integer call() {
            Map<String, String> changes = new HashMap<>();
            settings(pairs).forEach((k, v) -> changes.put(k, v.isEmpty() ? null : v));
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                if (secretStdin) {
                    Account a = engine.store().account(name).orElseThrow(() -> new HeadroomException("There is no "
                            + "account named \"" + name + "\"."));
                    String field = secretField(a.kind());
                    char[] secret = readSecret(field);
                    try {
                        engine.accounts().putSecret(name, field, secret);
                    } finally {
                        java.util.Arrays.fill(secret, '\0');
                    }
                }
                if (!changes.isEmpty()) {
                    engine.accounts().updateSettings(name, changes);
                }
                spec.commandLine().getOut().println("Account " + name + " changed.");
                return HeadroomCli.OK;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account, everything stored for it and its secrets.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            if (!RolloutControls.confirm(spec.commandLine().getOut(), yes, "removes account " + name
                    + " with everything stored for it and its secrets", "accounts remove " + name)) {
                return HeadroomCli.OPERATOR_ERROR;
            }
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                engine.accounts().remove(name);
                spec.commandLine().getOut().println("Account " + name + " removed.");
                return HeadroomCli.OK;
            }
        }
    }
}
