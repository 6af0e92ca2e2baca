package dev.headroom.providers.sandbox;

import dev.headroom.cli.HeadroomCli;
import dev.headroom.engine.DataDirectory;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code headroom sandbox faults show|set|clear} on a data directory holding the tiny sandbox and a files account. */
class SandboxFaultsCliTest {
    @TempDir
    Path dataDir;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void store() {
        try (SqliteStore store = SqliteStore.open(dataDir.resolve(DataDirectory.DATABASE_FILE))) {
            store.replace(TinyFleet.snapshot());
            store.replace(StoreTestData.snapshot().named("prod-eu").days(1).build());
        }
    }

    private Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeadroomCli.run(all, p -> { }, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private SandboxFaults stored() {
        try (SqliteStore store = SqliteStore.open(dataDir.resolve(DataDirectory.DATABASE_FILE))) {
            return new SqliteSandboxLedger(store, Clock.systemUTC()).faults(TinyFleet.ACCOUNT);
        }
    }

    @Test
    void setShowAndClearEveryKindOfFault() {
        assertThat(run("sandbox", "faults", "show", "--account", "tiny").out())
                .contains("Sandbox account tiny injects no faults.");
        Result set = run("sandbox", "faults", "set", "--account", "tiny", "--seed", "7", "--error", "update=0.3",
                "--error", "observe=0.1", "--throttle", "reserve=0.5", "--retry-after", "20", "--lost-reply",
                "restore=0.25", "--slow-update", "0.5", "--slow-factor", "4", "--failed-update", "0.1",
                "--failed-health", "0.05", "--spot", "0.2", "--spot-after", "15", "--spot-fraction", "0.5", "--surge",
                "1.5", "--surge-from", "2026-11-23T06:00:00Z", "--surge-to", "2026-11-23T07:00:00Z",
                "--surge-service", "web", "--capacity-limit", "c5.xlarge@us-east-1=3", "--regression-errors", "0.02",
                "--regression-latency", "1.3");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("error.update = 0.3", "throttle.retry_after_seconds = 20",
                "capacity_limit.c5.xlarge@us-east-1 = 3", "surge.from = 2026-11-23T06:00:00Z", "seed = 7");
        SandboxFaults faults = stored();
        assertThat(faults.error(SandboxFaults.CallKind.UPDATE)).isEqualTo(0.3);
        assertThat(faults.lostReply(SandboxFaults.CallKind.RESTORE)).isEqualTo(0.25);
        assertThat(faults.capacityLimit("c5.xlarge", "us-east-1")).contains(3);
        assertThat(faults.settings()).hasSize(20);

        // a later set changes what it names and keeps the rest; --unset removes one
        assertThat(run("sandbox", "faults", "set", "--account", "tiny", "--error", "update=0.1", "--unset",
                "spot.probability").code()).isZero();
        assertThat(stored().error(SandboxFaults.CallKind.UPDATE)).isEqualTo(0.1);
        assertThat(stored().spot()).isZero();
        assertThat(stored().slowFactor()).isEqualTo(4);

        assertThat(run("sandbox", "faults", "clear", "--account", "tiny").out())
                .contains("Sandbox account tiny injects no faults.");
        assertThat(stored()).isEqualTo(SandboxFaults.NONE);
    }

    @Test
    void eventsShowDeferralsWithTheTriggerTheyRefused() {
        try (SqliteStore store = SqliteStore.open(dataDir.resolve(DataDirectory.DATABASE_FILE))) {
            TinyFleet.Setup sandbox = TinyFleet.setUp(store, Clock.systemUTC());
            sandbox.provider().update(TinyFleet.ACCOUNT, TinyFleet.trigger("web-3", "r1/b1/update/web-3"));
            sandbox.provider().update(TinyFleet.ACCOUNT, TinyFleet.trigger("web-2", "r1/b1/update/web-2"));
        }
        Result events = run("sandbox", "events", "--account", "tiny", "--kind", "deferral", "--messages");
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.out()).contains("deferral  web-2  r1/b1/update/web-2  CPU 0 cores allocated, 1.6 needed")
                .contains("    [Host: web-2]").doesNotContain("web-3");
        assertThat(run("sandbox", "events", "--account", "tiny", "--kind", "spot interruption").out())
                .contains("logged no spot interruption events");
    }

    @Test
    void badValuesAreRefusedWithWhatIsAllowedAndNothingIsStored() {
        run("sandbox", "faults", "set", "--account", "tiny", "--error", "update=0.3");
        Result bad = run("sandbox", "faults", "set", "--account", "tiny", "--error", "reserve=2", "--slow-update",
                "0.5");
        assertThat(bad.code()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(bad.err()).contains("Sandbox fault setting error.reserve is \"2\"; it must be a probability from 0 "
                + "to 1");
        assertThat(run("sandbox", "faults", "set", "--account", "tiny", "--error", "upd=0.3").err())
                .contains("error.upd names no provider call: use one of reserve, release, update, restore, health, "
                        + "observe, shadow");
        assertThat(run("sandbox", "faults", "set", "--account", "tiny", "--surge", "2").err())
                .contains("surge.from is missing");
        assertThat(run("sandbox", "faults", "set", "--account", "tiny", "--lost-reply", "health=0.5").err())
                .contains("only replies of calls that change something can be lost");
        assertThat(run("sandbox", "faults", "set", "--account", "tiny").err()).contains("Nothing to set");
        assertThat(run("sandbox", "faults", "set", "--account", "prod-eu", "--error", "update=0.3").err())
                .contains("Account \"prod-eu\" is not a sandbox account");
        assertThat(run("sandbox", "faults", "show", "--account", "nope").err())
                .contains("There is no account named \"nope\"");
        assertThat(stored().settings()).containsExactly(java.util.Map.entry("error.update", "0.3"));
    }
}
