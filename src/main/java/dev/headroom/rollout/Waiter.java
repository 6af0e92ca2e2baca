package dev.headroom.rollout;

import java.time.Clock;
import java.time.Instant;

/** How a driver waits for a time on its clock (the stabilisation period). */
@FunctionalInterface
public interface Waiter {
    void waitUntil(Clock clock, Instant due);

    /** Polls the clock every few real milliseconds; right for the system clock and the sandbox's accelerated clock. */
    static Waiter polling() {
        return (clock, due) -> {
            while (clock.instant().isBefore(due)) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }
}
