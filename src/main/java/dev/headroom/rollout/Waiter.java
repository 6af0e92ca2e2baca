package dev.headroom.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How a driver waits out a period (the stabilisation) that began at {@code since} on its clock.
 * {@code since} is stored in the journal, so a driver restarted mid-wait only waits what is left.
 */
@FunctionalInterface
public interface Waiter {
    void waitFor(Clock clock, Instant since, Duration period);

    /**
     * Polls the clock every few real milliseconds until {@code period / speed} has passed since
     * {@code since}: speed 1 waits in real time, 3600 lets an hour of stabilisation pass in a
     * second (the sandbox demo).
     */
    static Waiter polling(double speed) {
        return (clock, since, period) -> {
            Instant due = since.plusNanos((long) (period.toNanos() / speed));
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
