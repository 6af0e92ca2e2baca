package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.Metric;

import java.time.Clock;
import java.util.Map;

/**
 * A connected account's live side. This first cut covers what the console shell needs (the
 * account's clock and current load); reservations, drains and updates join it with the rollout
 * engine.
 */
public interface Provider {

    Account account();

    /** The account's time: the sandbox runs an accelerated clock, real accounts the system clock. */
    Clock clock();

    /** Current utilisation (percent) of {@code metric} per host id, at {@code clock().instant()}. */
    Map<String, Double> currentLoad(Metric metric);
}
