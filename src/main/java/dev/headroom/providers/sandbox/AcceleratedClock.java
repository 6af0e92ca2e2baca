package dev.headroom.providers.sandbox;

import dev.headroom.domain.Check;
import dev.headroom.domain.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sandbox's simulated time: {@code simAnchor + (real − realAnchor) × speed}. Speed 0 is
 * paused; 60 runs one simulated hour per real minute, so a demo rollout of a night's window
 * finishes while the audience watches. Immutable: changing the speed returns a new clock anchored
 * at the current simulated time, so simulated time never jumps.
 *
 * <p>The state lives in the account's settings ({@code clock_now}, {@code clock_speed} and, while
 * running, {@code clock_real_anchor}), so that the console picks up the clock where it left it.
 */
public final class AcceleratedClock extends Clock {
    public static final String CLOCK_NOW = "clock_now";
    public static final String CLOCK_SPEED = "clock_speed";
    public static final String CLOCK_REAL_ANCHOR = "clock_real_anchor";
    /** Beyond a simulated month per real second the demo is no longer watchable. */
    public static final double MAX_SPEED = 2_592_000;

    private final Clock real;
    private final Instant realAnchor;
    private final Instant simAnchor;
    private final double speed;
    private final ZoneId zone;

    /**
     * @param real       the real clock the simulation advances with
     * @param realAnchor real instant at which simulated time was {@code simAnchor}
     * @param simAnchor  simulated time at {@code realAnchor}
     * @param speed      simulated seconds per real second; 0 = paused
     * @param zone       the zone reported by {@link #getZone()}
     * @throws DomainException ({@code clock_speed}) when speed is negative, not finite or above {@link #MAX_SPEED}
     */
    public AcceleratedClock(Clock real, Instant realAnchor, Instant simAnchor, double speed, ZoneId zone) {
        this.real = Check.notNull("real_clock", real);
        this.realAnchor = Check.notNull(CLOCK_REAL_ANCHOR, realAnchor);
        this.simAnchor = Check.notNull(CLOCK_NOW, simAnchor);
        if (!Double.isFinite(speed) || speed < 0 || speed > MAX_SPEED) {
            throw new DomainException(CLOCK_SPEED, speed + " must be between 0 (paused) and " + (long) MAX_SPEED);
        }
        this.speed = speed;
        this.zone = Check.notNull("zone", zone);
    }

    /** A clock standing still at {@code now} until it is given a speed. */
    public static AcceleratedClock paused(Instant now, Clock real) {
        return new AcceleratedClock(real, real.instant(), now, 0, ZoneOffset.UTC);
    }

    /**
     * Restores a clock saved by {@link #toSettings()}. Without {@code clock_now} the clock stands
     * paused at {@code fallbackNow}.
     *
     * @throws DomainException naming the setting that cannot be read, or {@code clock_real_anchor}
     *                         when a running clock lacks it
     */
    public static AcceleratedClock fromSettings(Map<String, String> settings, Instant fallbackNow, Clock real) {
        Instant now = instant(settings, CLOCK_NOW);
        double speed = speed(settings);
        if (speed == 0) {
            return paused(now == null ? fallbackNow : now, real);
        }
        Instant anchor = instant(settings, CLOCK_REAL_ANCHOR);
        if (anchor == null) {
            throw new DomainException(CLOCK_REAL_ANCHOR, "is missing; a running clock needs the real time it was started at");
        }
        return new AcceleratedClock(real, anchor, now == null ? fallbackNow : now, speed, ZoneOffset.UTC);
    }

    /** The settings that restore this clock; {@code clock_real_anchor} only while running. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CLOCK_NOW, simAnchor.toString());
        settings.put(CLOCK_SPEED, speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed));
        if (speed != 0) {
            settings.put(CLOCK_REAL_ANCHOR, realAnchor.toString());
        }
        return settings;
    }

    /** The same simulated time running at another speed from now on; 0 pauses. */
    public AcceleratedClock withSpeed(double newSpeed) {
        Instant realNow = real.instant();
        return new AcceleratedClock(real, realNow, simulatedAt(realNow), newSpeed, zone);
    }

    public double speed() {
        return speed;
    }

    public boolean isPaused() {
        return speed == 0;
    }

    @Override
    public Instant instant() {
        return speed == 0 ? simAnchor : simulatedAt(real.instant());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public AcceleratedClock withZone(ZoneId other) {
        return other.equals(zone) ? this : new AcceleratedClock(real, realAnchor, simAnchor, speed, other);
    }

    private Instant simulatedAt(Instant realNow) {
        if (speed == 0) {
            return simAnchor;
        }
        Duration elapsed = Duration.between(realAnchor, realNow);
        // Whole speeds multiply exactly, so a test stepping the real clock sees exact simulated times.
        if (speed == Math.rint(speed)) {
            return simAnchor.plus(elapsed.multipliedBy((long) speed));
        }
        double seconds = (elapsed.getSeconds() + elapsed.getNano() / 1e9) * speed;
        double whole = Math.floor(seconds);
        return simAnchor.plusSeconds((long) whole).plusNanos(Math.round((seconds - whole) * 1e9));
    }

    private static Instant instant(Map<String, String> settings, String key) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new DomainException(key, "\"" + text + "\" is not an ISO-8601 instant such as 2024-09-17T12:00:00Z");
        }
    }

    private static double speed(Map<String, String> settings) {
        String text = settings.get(CLOCK_SPEED);
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new DomainException(CLOCK_SPEED, "\"" + text + "\" is not a number (0 = paused, 60 = an hour per minute)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceleratedClock c && real.equals(c.real) && realAnchor.equals(c.realAnchor)
                && simAnchor.equals(c.simAnchor) && speed == c.speed && zone.equals(c.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(real, realAnchor, simAnchor, speed, zone);
    }

    @Override
    public String toString() {
        return "AcceleratedClock[" + (isPaused() ? "paused at " + simAnchor : "×" + speed + " from " + simAnchor
                + " at real " + realAnchor) + "]";
    }
}
