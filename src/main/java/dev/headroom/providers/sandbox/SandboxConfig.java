package dev.headroom.providers.sandbox;

import dev.headroom.domain.Check;
import dev.headroom.domain.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox generator needs to rebuild the same demo fleet: the seed, fleet size and the
 * history it produces, which ends at {@code historyEnd} (exclusive). Stored on the account as
 * settings so that a sandbox account can be regenerated identically.
 *
 * @param seed       drives every random choice; equal configs generate equal snapshots
 * @param hostCount  hosts in the fleet; at least two per service so each has a replica per zone
 * @param days       length of the metric history in days
 * @param step       distance between samples; a whole number of minutes that divides a day
 * @param historyEnd the instant just after the last sample, a multiple of {@code step}
 */
public record SandboxConfig(long seed, int hostCount, int days, Duration step, Instant historyEnd) {
    public static final long DEFAULT_SEED = 20_240_917L;
    public static final int DEFAULT_HOST_COUNT = 252;
    public static final int DEFAULT_DAYS = 14;
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(5);
    /** Two replicas (one per zone) for each of the twelve services of the shop. */
    public static final int MIN_HOST_COUNT = 24;
    public static final int MAX_DAYS = 90;

    static final String SEED = "seed";
    static final String HOST_COUNT = "host_count";
    static final String DAYS = "history_days";
    static final String STEP_MINUTES = "step_minutes";
    static final String HISTORY_END = "history_end";

    public SandboxConfig {
        if (hostCount < MIN_HOST_COUNT) {
            throw new DomainException(HOST_COUNT, hostCount + " must be at least " + MIN_HOST_COUNT);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new DomainException(DAYS, days + " must be between 1 and " + MAX_DAYS);
        }
        Check.notNull(STEP_MINUTES, step);
        if (step.isNegative() || step.isZero() || step.toSeconds() % 60 != 0 || step.getNano() != 0
                || Duration.ofDays(1).toSeconds() % step.toSeconds() != 0) {
            throw new DomainException(STEP_MINUTES, step.toMinutes() + " minutes must be a whole number of minutes "
                    + "that divides a day (e.g. 1, 5, 10, 15, 60)");
        }
        Check.notNull(HISTORY_END, historyEnd);
        if (historyEnd.getNano() != 0 || historyEnd.getEpochSecond() % step.toSeconds() != 0) {
            throw new DomainException(HISTORY_END, historyEnd + " must be a multiple of the "
                    + step.toMinutes() + "-minute step (e.g. the start of an hour)");
        }
    }

    /** The demo fleet: about 250 hosts with two weeks of five-minute samples ending at {@code historyEnd}. */
    public static SandboxConfig defaults(Instant historyEnd) {
        return new SandboxConfig(DEFAULT_SEED, DEFAULT_HOST_COUNT, DEFAULT_DAYS, DEFAULT_STEP, historyEnd);
    }

    /** Instant of the first sample. */
    public Instant historyStart() {
        return historyEnd.minus(Duration.ofDays(days));
    }

    /** Samples per series. */
    public int samples() {
        return (int) (Duration.ofDays(days).toSeconds() / step.toSeconds());
    }

    /** Samples per day. */
    public int samplesPerDay() {
        return (int) (Duration.ofDays(1).toSeconds() / step.toSeconds());
    }

    /** The config as account settings, in a stable key order. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(SEED, Long.toString(seed));
        settings.put(HOST_COUNT, Integer.toString(hostCount));
        settings.put(DAYS, Integer.toString(days));
        settings.put(STEP_MINUTES, Long.toString(step.toMinutes()));
        settings.put(HISTORY_END, historyEnd.toString());
        return settings;
    }

    /**
     * Reads a config written by {@link #toSettings()}; other keys are ignored. Missing keys take
     * their default, except {@code history_end}, which has none.
     *
     * @throws DomainException naming the key whose value cannot be read or breaks a rule
     */
    public static SandboxConfig fromSettings(Map<String, String> settings) {
        long seed = parseLong(settings, SEED, DEFAULT_SEED);
        int hostCount = (int) parseLong(settings, HOST_COUNT, DEFAULT_HOST_COUNT);
        int days = (int) parseLong(settings, DAYS, DEFAULT_DAYS);
        long stepMinutes = parseLong(settings, STEP_MINUTES, DEFAULT_STEP.toMinutes());
        String end = settings.get(HISTORY_END);
        if (end == null || end.isBlank()) {
            throw new DomainException(HISTORY_END, "is missing");
        }
        Instant historyEnd;
        try {
            historyEnd = Instant.parse(end.trim());
        } catch (DateTimeParseException e) {
            throw new DomainException(HISTORY_END, "\"" + end + "\" is not an ISO-8601 instant such as 2024-09-17T12:00:00Z");
        }
        return new SandboxConfig(seed, hostCount, days, Duration.ofMinutes(stepMinutes), historyEnd);
    }

    private static long parseLong(Map<String, String> settings, String key, long fallback) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (!SEED.equals(key) && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
                throw new DomainException(key, "\"" + text + "\" is too large");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DomainException(key, "\"" + text + "\" is not a whole number");
        }
    }
}
