package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;

import java.time.Duration;
import java.util.Optional;

/** The provider refused for now (rate limit, capacity not yet available); calling later may succeed. */
public class ProviderThrottledException extends HeadroomException {
    private final Optional<Duration> retryAfter;

    public ProviderThrottledException(String message, Optional<Duration> retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked the caller to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
