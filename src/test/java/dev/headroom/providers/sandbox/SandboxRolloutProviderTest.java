package dev.headroom.providers.sandbox;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.sandbox.SandboxLedger.SandboxEvent;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.headroom.providers.sandbox.TinyFleet.ACCOUNT;
import static dev.headroom.providers.sandbox.TinyFleet.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Hosts out of service, observe, and the version trigger's verification, on the tiny fleet in a real SQLite file. */
class SandboxRolloutProviderTest {
    private static final Instant AT = T0.plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;
    private SqliteStore store;
    private SteppingClock clock;
    private TinyFleet.Setup sandbox;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        clock = new SteppingClock(Instant.parse("2026-11-22T23:00:00Z"));
        sandbox = TinyFleet.setUp(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ServiceObservation observe(String service, Instant at) {
        return sandbox.provider().observe(ACCOUNT, service, at).orElseThrow();
    }

    @Test
    void observeAddsUpTheTinyFleetByHandAndDrainedLoadMovesToTheRest() {
        // 2 + 1.6 + 2.4 cores of load on 3 × 4 cores
        ServiceObservation all = observe("web", AT);
        assertThat(all.loadCores()).isCloseTo(6.0, within(1e-9));
        assertThat(all.inServiceCores()).isEqualTo(12.0);
        assertThat(all.surgeCores()).isZero();
        assertThat(all.errorRate()).isEqualTo(0.001);

        // web-3 goes: the rest (8 cores, 6.4 under the 20% margin) absorbs all 6 cores, so it needs nothing
        UpdateReply first = sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-3", "r1/b1/update/web-3"));
        assertThat(first).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-3");
        ServiceObservation drained = observe("web", AT);
        assertThat(drained.loadCores()).isCloseTo(6.0, within(1e-9));
        assertThat(drained.inServiceCores()).isEqualTo(8.0);

        // one c5.xlarge of surge (4 cores, from the catalogue), then web-2 goes with it allocated
        assertThat(sandbox.provider().reserve("r1/b2/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 1))
                .isEqualTo(1);
        sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-2", "r1/b2/update/web-2",
                new AllocatedResources(4, 8, 1.25, 143.75), AT));
        ServiceObservation surged = observe("web", AT);
        assertThat(surged.inServiceCores()).isEqualTo(4.0);
        assertThat(surged.surgeCores()).isEqualTo(4.0);
        assertThat(surged.loadCores()).isCloseTo(6.0, within(1e-9));
        assertThat(surged.errorRate()).isEqualTo(0.001);

        // the surge goes back before the hosts: 6 cores on 4, a third of the requests fail
        sandbox.provider().release("r1/b2/release/web", ACCOUNT, "r1/b2/reserve/web");
        ServiceObservation short_ = observe("web", AT);
        assertThat(short_.errorRate()).isCloseTo(0.001 + 2.0 / 6, within(1e-12));

        sandbox.provider().restoreTraffic("r1/b2/restore", ACCOUNT, "web-2,web-3");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).isEmpty();
        assertThat(observe("web", AT).inServiceCores()).isEqualTo(12.0);
        // the db is another service: 25% of 4 cores
        assertThat(observe("db", AT).loadCores()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void observeIsEmptyOutsideTheGeneratedFutureWhichIsGeneratedOncePerAccount() {
        assertThat(sandbox.provider().observe(ACCOUNT, "web", T0.minusSeconds(1))).isEmpty();
        assertThat(sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofHours(2)))).isEmpty();
        assertThat(sandbox.provider().observe(ACCOUNT, "web", T0.plus(Duration.ofHours(2)).minusSeconds(1)))
                .isPresent();
        for (int i = 0; i < 5; i++) {
            observe("web", AT.plus(Duration.ofMinutes(5L * i)));
        }
        assertThat(sandbox.generated().get()).isEqualTo(1);
        assertThatThrownBy(() -> sandbox.provider().observe(ACCOUNT, "nope", AT))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no host of service nope");
    }

    @Test
    void aReplacedAccountIsReadAgain() {
        assertThat(observe("web", AT).inServiceCores()).isEqualTo(12.0);
        var tiny = TinyFleet.snapshot();
        var smaller = new dev.headroom.domain.AccountSnapshot(new dev.headroom.domain.Account(ACCOUNT,
                tiny.account().kind(), tiny.account().created().plusSeconds(1), tiny.account().settings()),
                tiny.instanceTypes(), tiny.hosts().stream().filter(h -> !h.id().equals("web-3")).toList(),
                tiny.services(), tiny.dependencies(), tiny.metrics().stream().filter(m -> !m.id().hostId()
                .equals("web-3")).toList(), tiny.releases(), tiny.updateHistory(), tiny.events(), tiny.policy());
        store.replace(smaller);
        assertThat(observe("web", AT).inServiceCores()).isEqualTo(8.0);
    }

    @Test
    void anAccountWithoutAGeneratorHasNothingToObserve() {
        SandboxRolloutProvider plain = new SandboxRolloutProvider(sandbox.ledger(),
                new SandboxFutures(SandboxFutures::generate, 1));
        // the tiny account is of kind sandbox but carries no generator settings
        assertThat(plain.observe(ACCOUNT, "web", AT)).isEmpty();
    }

    /**
     * A batch of web-2 and web-3 with one c5.xlarge of surge satisfies the capacity rule (6 cores of
     * load ≤ 80% of web-1's 4 + 4 of surge = 6.4); the engine allocates each host half of it (2
     * cores, 4 GiB...). web-2 goes first and needs nothing (the other 8 cores absorb it). web-3 then
     * needs 6 − 0.8 × 4 = 2.8 cores of overflow less the 2 cores web-2's trigger took with it: 0.8.
     * Counting web-2's overflow against web-3 alone (2.4 cores needed of 2 allocated) made the
     * last host of every shared batch defer although the plan held.
     */
    @Test
    void theLastHostOfABatchNeedsOnlyWhatTheSurgeAllocatedToTheHostsAlreadyOutDoesNotCarry() {
        assertThat(sandbox.provider().reserve("r1/b1/reserve/web", ACCOUNT, "web", "us-east-1", "c5.xlarge", 1))
                .isEqualTo(1);
        AllocatedResources half = new AllocatedResources(2, 4, 0.625, 71.875);
        assertThat(sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-2", "r1/b1/update/web-2", half, AT)))
                .isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        UpdateReply last = sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-3", "r1/b1/update/web-3", half,
                AT));

        assertThat(last).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-2", "web-3");
        assertThat(sandbox.ledger().action(ACCOUNT, "r1/b1/update/web-3").orElseThrow()[2])
                .contains("needed CPU 0.8 cores").contains("2 cores of surge allocated to its hosts already out");
        // and the service holds: 6 cores on web-1's 4 and the 4 of surge
        ServiceObservation both = observe("web", AT);
        assertThat(both.inServiceCores() + both.surgeCores()).isEqualTo(8.0);
        assertThat(both.errorRate()).isEqualTo(0.001);
    }

    @Test
    void aHostWhoseLoadTheRestCannotAbsorbDefersWithTheShortfallAndChangesNothing() {
        sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-3", "r1/b1/update/web-3"));
        VersionTrigger trigger = TinyFleet.trigger("web-2", "r1/b2/update/web-2");
        UpdateReply reply = sandbox.provider().update(ACCOUNT, trigger);

        // rest: web-1 alone, 4 cores → 3.2 under the margin; 6 − 3.2 = 2.8 > web-2's own 1.6 → all 1.6 cores
        String reason = "CPU 0 cores allocated, 1.6 needed (needed: the part of web-2's load (1.6 cores) that the "
                + "rest of web (4 cores in service, 6 cores of load) cannot absorb under the 20% safety margin at "
                + "2026-11-23T00:10:00Z)";
        assertThat(reply).isEqualTo(UpdateReply.deferred("1.0.0", reason));
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-3");
        assertThat(sandbox.ledger().applied(ACCOUNT, "r1/b2/update/web-2")).isEmpty();
        assertThat(store.load(ACCOUNT, false).orElseThrow().hosts().stream().filter(h -> h.id().equals("web-2"))
                .findFirst().orElseThrow().version()).isEqualTo("1.0.0");
        SandboxEvent deferral = sandbox.ledger().events(ACCOUNT).get(0);
        assertThat(deferral.kind()).isEqualTo("deferral");
        assertThat(deferral.subject()).isEqualTo("web-2");
        assertThat(deferral.detail()).isEqualTo(reason);
        assertThat(deferral.message()).contains(trigger.write());

        // memory is the host's own working set (50% of 8 GiB); network and disk its own, all of it moving
        VersionTrigger lowMemory = TinyFleet.trigger("web-2", "r1/b2/update/web-2",
                new AllocatedResources(1.6, 3.5, 1, 100), AT);
        assertThat(sandbox.provider().update(ACCOUNT, lowMemory).deferral()).hasValueSatisfying(r ->
                assertThat(r).startsWith("memory 3.5 GiB allocated, 4 needed"));
        VersionTrigger lowNetwork = TinyFleet.trigger("web-2", "r1/b2/update/web-2",
                new AllocatedResources(1.6, 4, 0.4, 100), AT);
        assertThat(sandbox.provider().update(ACCOUNT, lowNetwork).deferral()).hasValueSatisfying(r ->
                assertThat(r).startsWith("network 0.4 Gbps allocated, 0.5 needed"));

        // the same key re-sent with enough applies: a deferral does not use the key up
        VersionTrigger enough = TinyFleet.trigger("web-2", "r1/b2/update/web-2",
                new AllocatedResources(1.6, 4, 0.5, 28.75), AT);
        assertThat(sandbox.provider().update(ACCOUNT, enough)).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-2", "web-3");
        // the message on the wire is stored with the key
        assertThat(sandbox.ledger().action(ACCOUNT, "r1/b2/update/web-2").orElseThrow()[1]).isEqualTo(enough.write());
        assertThat(sandbox.ledger().events(ACCOUNT)).extracting(SandboxEvent::kind)
                .containsExactly("deferral", "deferral", "deferral");
    }

    @Test
    void aRollbackOfAHostStillDrainedNeedsNothingAllocated() {
        sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-3", "r1/b1/update/web-3"));
        sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-2", "r1/b1/update/web-2",
                new AllocatedResources(1.6, 4, 0.5, 28.75), AT));
        // web-2 on its own would need 1.6 cores, but it left service already: going back to 1.0.0 moves no load
        VersionTrigger rollback = new VersionTrigger("1.0.0", VersionTrigger.ResourceStatus.SUCCESS,
                AllocatedResources.NONE, AT, "web-2", "abort:r1/b1/rollback/web-2");
        assertThat(sandbox.provider().update(ACCOUNT, rollback)).isEqualTo(UpdateReply.applied("2.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().action(ACCOUNT, "abort:r1/b1/rollback/web-2").orElseThrow()[2])
                .contains("web-2 is already out of service");
    }

    @Test
    void aFailedReservationDefersWhateverTheHostNeeds() {
        VersionTrigger failed = new VersionTrigger("2.0.0", VersionTrigger.ResourceStatus.FAILURE,
                new AllocatedResources(8, 16, 2, 200), AT, "web-1", "r1/b1/update/web-1");
        assertThat(sandbox.provider().update(ACCOUNT, failed))
                .isEqualTo(UpdateReply.deferred("1.0.0", "the resource reservation failed"));
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).isEmpty();
    }

    @Test
    void anUpdateIsAppliedOnceDrainingItsHostInTheTransactionOfItsKey() {
        VersionTrigger t = TinyFleet.trigger("web-1", "r1/b1/update/web-1");
        assertThat(sandbox.provider().update(ACCOUNT, t)).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        // a resend of the same key returns the first answer (the version before), and applies nothing
        assertThat(sandbox.provider().update(ACCOUNT, t)).isEqualTo(UpdateReply.applied("1.0.0", Duration.ofMinutes(5)));
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("update", 1L);
        assertThat(sandbox.ledger().updateMinutes(ACCOUNT)).containsEntry("web-1",
                SandboxRolloutProvider.DEFAULT_UPDATE_MINUTES);

        // a restore naming a host that does not exist restores none of the hosts it lists
        assertThatThrownBy(() -> sandbox.provider().restoreTraffic("r1/b1/restore", ACCOUNT, "web-1,web-9"))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no host web-9");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).containsExactly("web-1");
        assertThat(sandbox.ledger().applied(ACCOUNT, "r1/b1/restore")).isEmpty();
        sandbox.provider().restoreTraffic("r1/b1/restore", ACCOUNT, "web-1");
        sandbox.provider().restoreTraffic("r1/b1/restore", ACCOUNT, "web-1");
        assertThat(sandbox.ledger().outOfService(ACCOUNT)).isEmpty();
        assertThat(sandbox.ledger().effects(ACCOUNT)).containsEntry("restore", 1L);

        assertThatThrownBy(() -> sandbox.provider().update(ACCOUNT, TinyFleet.trigger("web-9", "r1/b1/update/web-9")))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no host web-9");
        assertThat(sandbox.ledger().applied(ACCOUNT, "r1/b1/update/web-9")).isEmpty();
    }

    @Test
    void faultSettingsAreStoredPerAccountAndValidated() {
        sandbox.faults(Map.of("error.update", "0.25", "seed", "7"));
        assertThat(sandbox.ledger().faults(ACCOUNT).settings()).containsEntry("error.update", "0.25")
                .containsEntry("seed", "7");
        assertThat(sandbox.ledger().faults("other")).isEqualTo(SandboxFaults.NONE);
        assertThatThrownBy(() -> SandboxFaults.of(Map.of("error.update", "1.5")))
                .hasMessage("Sandbox fault setting error.update is \"1.5\"; it must be a probability from 0 to 1 "
                        + "(0.2 = one call in five). Change it with \"headroom sandbox faults set\" (see \"headroom "
                        + "sandbox faults set --help\").");
        assertThatThrownBy(() -> SandboxFaults.of(Map.of("lost_reply.health", "0.5")))
                .hasMessageContaining("only replies of calls that change something can be lost");
        assertThatThrownBy(() -> SandboxFaults.of(Map.of("surge.factor", "2")))
                .hasMessageContaining("surge.from is missing");
        assertThatThrownBy(() -> SandboxFaults.of(Map.of("erorr.update", "0.5")))
                .hasMessageStartingWith("\"erorr.update\" is not a sandbox fault setting");
    }
}
