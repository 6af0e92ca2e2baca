package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.rollout.RolloutProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider contract: one connected account's side of the world, whatever is behind it (the
 * embedded sandbox, a scenario directory, Prometheus, a Kubernetes cluster). Reading (inventory,
 * metric history, live load) is here; changing the world (reserve and release capacity, the
 * version trigger that drains and updates a host, health, traffic restore) is the
 * {@link RolloutProvider} that {@link #rollouts()} gives, for providers that can execute.
 * {@code ProviderContractTest} is the abstract test every provider passes.
 *
 * <p>Every method may throw {@link dev.headroom.domain.HeadroomException} with an operator
 * message (what is wrong, what to do) when the provider cannot be reached or refuses; none
 * changes what is stored.
 */
public interface Provider {

    Account account();

    /** The account's time: the sandbox runs an accelerated clock, real accounts the system clock. */
    Clock clock();

    /** Current utilisation (percent, 0–100) of {@code metric} per host id, at {@code clock().instant()}. */
    Map<String, Double> currentLoad(Metric metric);

    /** What this provider can do; reading inventory is always possible. */
    Set<Capability> capabilities();

    /**
     * Reaches the provider with the account's settings and credentials and says what it found, in
     * one line for the operator ("Prometheus 2.42.0 at http://…: 12 targets up").
     *
     * @throws dev.headroom.domain.HeadroomException naming what failed (unreachable, refused
     *                                               credentials, not the expected API) and what to do
     */
    String check();

    /** The account's hosts, services, instance types and dependencies as the provider sees them now. */
    Inventory inventory(ProgressListener progress);

    /**
     * Utilisation history (percent) of {@code metric} for {@code hosts}, sampled every {@code step}
     * over {@code [from, to)}; a host the provider has no samples for is left out, a missing sample
     * is {@code NaN}. Long ranges are fetched in chunks, with progress.
     */
    List<MetricSeries> history(Collection<String> hosts, Metric metric, Instant from, Instant to, Duration step,
                               ProgressListener progress);

    /** The execution side; empty for a provider that only reads (metrics-only accounts). */
    Optional<RolloutProvider> rollouts();

    /** What a provider can do beyond reading its inventory. */
    enum Capability {
        /** {@link #history} returns samples. */
        METRIC_HISTORY,
        /** {@link #currentLoad} returns samples. */
        LIVE_LOAD,
        /** {@link #rollouts()} reserves and releases surge capacity. */
        RESERVE,
        /** {@link #rollouts()} drains, updates and restores hosts. */
        UPDATE,
        /** {@link #rollouts()} runs shadow comparisons. */
        SHADOW
    }
}
