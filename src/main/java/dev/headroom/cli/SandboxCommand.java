package dev.headroom.cli;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.Engine;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.providers.sandbox.SandboxFaults;
import dev.headroom.providers.sandbox.SandboxLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The embedded sandbox: the faults it injects into rollouts (see docs/sandbox.md). */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "The embedded sandbox cloud: the faults it injects into rollouts, and what it logged.",
        subcommands = {SandboxCommand.Faults.class, SandboxCommand.Events.class})
final class SandboxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "faults", mixinStandardHelpOptions = true,
            description = "Show, set or clear the faults a sandbox account injects: provider errors, throttling, "
                    + "lost replies, slow and failed updates, failed health checks, spot interruptions, load surges, "
                    + "capacity limits and regressions of the new version. Every fault is rolled from the seed, the "
                    + "call's key and its attempt, so retries can succeed and runs repeat.",
            subcommands = {Show.class, Set.class, Clear.class})
    static final class Faults implements Runnable {
        @Spec
        CommandSpec spec;

        @ParentCommand
        SandboxCommand parent;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        /** Opens the engine and checks that the account is a sandbox one. */
        <T> T withLedger(PrintWriter err, String account, LedgerWork<T> work) {
            try (Engine engine = parent.parent.openEngine(err)) {
                String name = account == null ? engine.defaultAccount() : account;
                Account a = engine.store().account(name).orElseThrow(() -> new HeadroomException("There is no "
                        + "account named \"" + name + "\". Run \"headroom accounts\" to list the accounts."));
                if (a.kind() != AccountKind.SANDBOX) {
                    throw new HeadroomException("Account \"" + name + "\" is not a sandbox account; faults can only "
                            + "be injected into the sandbox. Pass --account with a sandbox account.");
                }
                return work.run(engine.sandboxLedger(), name);
            }
        }

        interface LedgerWork<T> {
            T run(SqliteSandboxLedger ledger, String account);
        }

        static void print(PrintWriter out, String account, SandboxFaults faults) {
            if (faults.settings().isEmpty()) {
                out.println("Sandbox account " + account + " injects no faults.");
            } else {
                out.println("Sandbox account " + account + " injects these faults:");
                faults.settings().forEach((k, v) -> out.println("  " + k + " = " + v));
                if (!faults.settings().containsKey(SandboxFaults.SEED)) {
                    out.println("  (seed 1, the default)");
                }
            }
            out.flush();
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "What the sandbox logged besides applied actions, oldest first: deferrals (with the "
                    + "trigger they refused), injected faults, spot interruptions, partial allocations.")
    static final class Events implements Callable<Integer> {
        @ParentCommand
        SandboxCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--account", paramLabel = "NAME", description = "Sandbox account (default: the sandbox).")
        String account;
        @Option(names = "--kind", paramLabel = "KIND", description = "Only events of this kind, e.g. deferral.")
        String kind;
        @Option(names = "--messages", description = "Also print the version trigger each deferral refused.")
        boolean messages;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                String name = account == null ? engine.defaultAccount() : account;
                if (engine.store().account(name).isEmpty()) {
                    throw new HeadroomException("There is no account named \"" + name + "\". Run \"headroom "
                            + "accounts\" to list the accounts.");
                }
                List<SandboxLedger.SandboxEvent> events = engine.sandboxLedger().events(name).stream()
                        .filter(e -> kind == null || e.kind().equals(kind)).toList();
                if (events.isEmpty()) {
                    out.println("Sandbox account " + name + " logged no " + (kind == null ? "events" : kind + " events")
                            + ".");
                }
                for (SandboxLedger.SandboxEvent e : events) {
                    out.println(e.at() + "  " + e.kind() + "  " + e.subject() + e.key().map(k -> "  " + k).orElse("")
                            + (e.attempt() > 0 ? "  attempt " + e.attempt() : "") + "  " + e.detail());
                    if (messages) {
                        e.message().ifPresent(m -> m.lines().forEach(l -> out.println("    " + l)));
                    }
                }
            }
            out.flush();
            return HeadroomCli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the account's fault settings.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        Faults parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--account", paramLabel = "NAME", description = "Sandbox account (default: the sandbox).")
        String account;

        @Override
        public Integer call() {
            parent.withLedger(spec.commandLine().getErr(), account, (ledger, name) -> {
                Faults.print(spec.commandLine().getOut(), name, ledger.faults(name));
                return null;
            });
            return HeadroomCli.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change the account's fault settings; settings not named keep their value.",
                "KIND is one of reserve, release, update, restore, health, observe, shadow (lost replies: the "
                    + "five that change something: reserve, release, update, restore, shadow).",
                "Example: headroom sandbox faults set --error update=0.3 --throttle reserve=0.5 --retry-after 20"})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        Faults parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--account", paramLabel = "NAME", description = "Sandbox account (default: the sandbox).")
        String account;
        @Option(names = "--seed", paramLabel = "N", description = "Seed of the fault dice (default 1).")
        String seed;
        @Option(names = "--error", paramLabel = "KIND=P",
                description = "Probability that a call of KIND fails before doing anything (provider error).")
        Map<String, String> errors = new LinkedHashMap<>();
        @Option(names = "--throttle", paramLabel = "KIND=P",
                description = "Probability that a call of KIND is throttled (asked to retry later).")
        Map<String, String> throttles = new LinkedHashMap<>();
        @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Wait a throttled call is asked for "
                + "(default 30).")
        String retryAfter;
        @Option(names = "--lost-reply", paramLabel = "KIND=P",
                description = "Probability that a call of KIND is applied and committed but its reply is lost.")
        Map<String, String> lostReplies = new LinkedHashMap<>();
        @Option(names = "--slow-update", paramLabel = "P", description = "Probability that an update is slow.")
        String slowUpdate;
        @Option(names = "--slow-factor", paramLabel = "X",
                description = "How many times longer a slow update takes (default 3).")
        String slowFactor;
        @Option(names = "--failed-update", paramLabel = "P",
                description = "Probability that an update fails: the host stays on its version.")
        String failedUpdate;
        @Option(names = "--failed-health", paramLabel = "P",
                description = "Probability that a health check (or a shadow's) fails.")
        String failedHealth;
        @Option(names = "--spot", paramLabel = "P",
                description = "Probability that a reservation is interrupted part-way (its instances taken back).")
        String spot;
        @Option(names = "--spot-after", paramLabel = "MINUTES",
                description = "Minutes on the rollout's clock from reservation to interruption (default 10).")
        String spotAfter;
        @Option(names = "--spot-fraction", paramLabel = "F",
                description = "Share of the reservation's instances taken back (default 0.5).")
        String spotFraction;
        @Option(names = "--surge", paramLabel = "FACTOR", description = "Factor on observed load during the surge.")
        String surge;
        @Option(names = "--surge-from", paramLabel = "TIME", description = "Plan time the surge starts (ISO-8601).")
        String surgeFrom;
        @Option(names = "--surge-to", paramLabel = "TIME", description = "Plan time the surge ends (ISO-8601).")
        String surgeTo;
        @Option(names = "--surge-service", paramLabel = "SERVICE", description = "Only this service surges "
                + "(default: all).")
        String surgeService;
        @Option(names = "--capacity-limit", paramLabel = "TYPE[@REGION]=N",
                description = "At most N instances of TYPE (in REGION) held at once: reservations beyond it are "
                        + "granted in part.")
        Map<String, String> limits = new LinkedHashMap<>();
        @Option(names = "--regression-errors", paramLabel = "X",
                description = "Error rate the new version adds in shadow mode (0 to 1).")
        String regressionErrors;
        @Option(names = "--regression-latency", paramLabel = "F",
                description = "Factor on the new version's latency in shadow mode (1 to 100).")
        String regressionLatency;
        @Option(names = "--unset", paramLabel = "SETTING",
                description = "Remove a setting by its stored name (as \"show\" prints it), e.g. error.update.")
        List<String> unset = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, String> changes = new LinkedHashMap<>();
            put(changes, SandboxFaults.SEED, seed);
            errors.forEach((k, v) -> put(changes, SandboxFaults.ERROR + k, v));
            throttles.forEach((k, v) -> put(changes, SandboxFaults.THROTTLE + k, v));
            put(changes, SandboxFaults.RETRY_AFTER, retryAfter);
            lostReplies.forEach((k, v) -> put(changes, SandboxFaults.LOST_REPLY + k, v));
            put(changes, SandboxFaults.SLOW_UPDATE, slowUpdate);
            put(changes, SandboxFaults.SLOW_FACTOR, slowFactor);
            put(changes, SandboxFaults.FAILED_UPDATE, failedUpdate);
            put(changes, SandboxFaults.FAILED_HEALTH, failedHealth);
            put(changes, SandboxFaults.SPOT, spot);
            put(changes, SandboxFaults.SPOT_AFTER, spotAfter);
            put(changes, SandboxFaults.SPOT_FRACTION, spotFraction);
            put(changes, SandboxFaults.SURGE_FACTOR, surge);
            put(changes, SandboxFaults.SURGE_FROM, surgeFrom);
            put(changes, SandboxFaults.SURGE_TO, surgeTo);
            put(changes, SandboxFaults.SURGE_SERVICE, surgeService);
            limits.forEach((k, v) -> put(changes, SandboxFaults.CAPACITY_LIMIT + k, v));
            put(changes, SandboxFaults.REGRESSION_ERRORS, regressionErrors);
            put(changes, SandboxFaults.REGRESSION_LATENCY, regressionLatency);
            unset.forEach(k -> changes.put(k.trim(), ""));
            if (changes.isEmpty()) {
                throw new HeadroomException("Nothing to set: name at least one fault, e.g. --error update=0.3. Run "
                        + "\"headroom sandbox faults set --help\" for the options.");
            }
            parent.withLedger(spec.commandLine().getErr(), account, (ledger, name) -> {
                // validated as a whole before anything is stored, so a bad value leaves the settings as they were
                SandboxFaults next = ledger.faults(name).with(changes);
                ledger.setFaults(name, next);
                Faults.print(spec.commandLine().getOut(), name, next);
                return null;
            });
            return HeadroomCli.OK;
        }

        private static void put(Map<String, String> changes, String name, String value) {
            if (value != null) {
                if (value.isBlank()) {
                    throw new HeadroomException("Sandbox fault setting " + name + " was given no value. Give one, or "
                            + "remove the setting with --unset " + name + ".");
                }
                changes.put(name, value);
            }
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every fault setting of the account.")
    static final class Clear implements Callable<Integer> {
        @ParentCommand
        Faults parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--account", paramLabel = "NAME", description = "Sandbox account (default: the sandbox).")
        String account;

        @Override
        public Integer call() {
            parent.withLedger(spec.commandLine().getErr(), account, (ledger, name) -> {
                ledger.setFaults(name, SandboxFaults.NONE);
                Faults.print(spec.commandLine().getOut(), name, SandboxFaults.NONE);
                return null;
            });
            return HeadroomCli.OK;
        }
    }
}
