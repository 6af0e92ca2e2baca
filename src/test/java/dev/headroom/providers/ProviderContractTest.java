package dev.headroom.providers;

import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Service;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The provider contract ({@link Provider}), one abstract test that every provider's test extends
 * with a provider connected to something real or as real as can run here (the sandbox on a SQLite
 * file, Prometheus on a loopback port, Kubernetes on fabric8's mock API server).
 *
 * <p>Checked: the connection check says what it reached; the inventory is consistent (unique
 * hosts, every service a host runs is listed, positive capacity); history comes on the grid asked
 * for, leaves out hosts it has nothing for and stays within 0–100 %; live load names inventory
 * hosts; a provider with an execution side grants and releases reservations once per key, and
 * applies a version trigger once per key (a re-issue answers as the first did), restores traffic
 * idempotently and reports health without changing anything.
 */
public abstract class ProviderContractTest {

    /** The provider under test, connected (created per test). */
    protected abstract Provider provider();

    /** A window over which the provider has metric history at {@link #historyStep()}. */
    protected abstract Instant historyFrom();

    protected abstract Instant historyTo();

    protected Duration historyStep() {
        return Duration.ofMinutes(5);
    }

    /** What the execution tests use; empty for a provider without an execution side. */
    protected Optional<Execution> execution() {
        return Optional.empty();
    }

    /**
     * A host to update to {@code version}, and surge to reserve: {@code count} instances of
     * {@code instanceType} in {@code region} for {@code service}; {@code at} is plan time for the trigger.
     */
    public record Execution(String host, String version, String service, String region, String instanceType,
                               int count, Instant at) {
    }

    @Test
    void theConnectionCheckSaysWhatItReached() {
        assertThat(provider().check()).isNotBlank();
    }

    @Test
    void theInventoryIsConsistent() {
        Inventory inventory = provider().inventory(ProgressListener.NONE);
        assertThat(inventory.hosts()).isNotEmpty();
        Set<String> ids = new HashSet<>();
        Set<String> services = inventory.services().stream().map(Service::name).collect(Collectors.toSet());
        for (Host h : inventory.hosts()) {
            assertThat(ids.add(h.id())).as("host %s listed once", h.id()).isTrue();
            assertThat(services).as("services of %s are listed", h.id()).containsAll(h.services());
            assertThat(h.capacity().cpuCores()).as("CPU capacity of %s", h.id()).isPositive();
        }
    }

    @Test
    void historyComesOnTheGridAskedForWithinZeroToHundredPercent() {
        Provider p = provider();
        assumeThat(p.capabilities()).contains(Provider.Capability.METRIC_HISTORY);
        List<String> hosts = p.inventory(ProgressListener.NONE).hosts().stream().map(Host::id).limit(3).toList();
        List<String> asked = new ArrayList<>(hosts);
        asked.add("no-such-host-" + Long.toHexString(System.nanoTime()));
        List<Double> fractions = new ArrayList<>();
        List<MetricSeries> series = p.history(asked, Metric.CPU, historyFrom(), historyTo(), historyStep(),
                (f, m) -> fractions.add(f));
        long expected = Duration.between(historyFrom(), historyTo()).dividedBy(historyStep());
        assertThat(series).as("a series per known host asked for").isNotEmpty()
                .allSatisfy(m -> {
                    assertThat(hosts).contains(m.id().hostId());
                    assertThat(m.id().metric()).isEqualTo(Metric.CPU);
                    assertThat(m.start()).isEqualTo(historyFrom());
                    assertThat(m.step()).isEqualTo(historyStep());
                    assertThat((long) m.size()).isEqualTo(expected);
                    assertThat(m.size() - m.gaps()).as("samples of %s", m.id()).isPositive();
                    for (double v : m.values()) {
                        assertThat(Double.isNaN(v) || (v >= 0 && v <= 100)).as("%s in 0-100", v).isTrue();
                    }
                });
        assertThat(series.stream().map(m -> m.id().hostId()).distinct().count()).isEqualTo(series.size());
        assertThat(fractions).as("progress told").isNotEmpty().allSatisfy(f -> assertThat(f).isLessThanOrEqualTo(1));
    }

    @Test
    void liveLoadNamesInventoryHosts() {
        Provider p = provider();
        assumeThat(p.capabilities()).contains(Provider.Capability.LIVE_LOAD);
        Set<String> ids = p.inventory(ProgressListener.NONE).hosts().stream().map(Host::id)
                .collect(Collectors.toSet());
        Map<String, Double> load = p.currentLoad(Metric.CPU);
        assertThat(load).isNotEmpty();
        assertThat(ids).containsAll(load.keySet());
        assertThat(load.values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
    }

    @Test
    void theCapabilitiesSayWhetherThereIsAnExecutionSide() {
        Provider p = provider();
        boolean executes = p.capabilities().contains(Provider.Capability.RESERVE)
                || p.capabilities().contains(Provider.Capability.UPDATE);
        assertThat(p.rollouts().isPresent()).isEqualTo(executes);
    }

    @Test
    void aReservationIsGrantedAndReleasedOncePerKey() {
        assumeThat(execution()).isPresent();
        Execution e = execution().orElseThrow();
        RolloutProvider r = provider().rollouts().orElseThrow();
        String account = provider().account().name();
        String key = "contract/b1/reserve/" + e.service();
        int granted = r.reserve(key, account, e.service(), e.region(), e.instanceType(), e.count());
        assertThat(granted).isBetween(0, e.count());
        assertThat(r.reserve(key, account, e.service(), e.region(), e.instanceType(), e.count()))
                .as("the same key again answers as the first call").isEqualTo(granted);
        r.release("contract/b1/release/" + e.service(), account, key);
        r.release("contract/b1/release/" + e.service(), account, key);
        r.release("contract/b1/release-again/" + e.service(), account, key);
    }

    @Test
    void aVersionTriggerIsAppliedOncePerKeyAndTrafficRestoredIdempotently() {
        assumeThat(execution()).isPresent();
        Execution e = execution().orElseThrow();
        RolloutProvider r = provider().rollouts().orElseThrow();
        String account = provider().account().name();
        String key = "contract/b1/update/" + e.host();
        assertThat(r.appliedUpdate(account, key)).as("nothing applied yet").isEmpty();
        assertThat(r.healthy(account, e.host())).as("healthy before").isTrue();
        VersionTrigger trigger = new VersionTrigger(e.version(), VersionTrigger.ResourceStatus.SUCCESS,
                AllocatedResources.NONE, e.at(), e.host(), key);
        UpdateReply first = r.update(account, trigger);
        assertThat(first.isDeferred()).as("deferred: %s", first.deferral()).isFalse();
        UpdateReply again = r.update(account, trigger);
        assertThat(again.previousVersion()).as("a re-issue answers as the first").isEqualTo(first.previousVersion());
        assertThat(r.appliedUpdate(account, key)).hasValue(first.previousVersion());
        r.restoreTraffic("contract/b1/restore", account, e.host());
        r.restoreTraffic("contract/b1/restore", account, e.host());
        assertThat(r.healthy(account, e.host())).as("healthy after").isTrue();
    }
}
