package dev.headroom.providers.sandbox;

import dev.headroom.domain.HeadroomException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The faults a sandbox account injects into its rollouts (issue 6, item 10), as validated
 * {@code name=value} settings (see docs/sandbox.md for every name). No setting, no fault.
 *
 * <p>Every decision is a roll of {@link #roll}: a number in [0, 1) that depends only on the seed,
 * the fault, the call's key and its attempt number. A retry (next attempt) rolls again, so it can
 * succeed; the same calls in the same order on the same settings roll the same, so a run is
 * reproducible.
 */
public final class SandboxFaults {
    /** The provider calls a fault can hit. */
    public enum CallKind {
        RESERVE, RELEASE, UPDATE, RESTORE, HEALTH, OBSERVE, SHADOW;

        /** Calls that change the world and carry an idempotency key: their replies can be lost. */
        static final Set<CallKind> MUTATING = Collections.unmodifiableSet(
                EnumSet.of(RESERVE, RELEASE, UPDATE, RESTORE, SHADOW));

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<CallKind> parse(String text) {
            for (CallKind k : values()) {
                if (k.label().equals(text)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public static final String SEED = "seed";
    public static final String ERROR = "error.";
    public static final String THROTTLE = "throttle.";
    public static final String RETRY_AFTER = "throttle.retry_after_seconds";
    public static final String LOST_REPLY = "lost_reply.";
    public static final String SLOW_UPDATE = "slow_update.probability";
    public static final String SLOW_FACTOR = "slow_update.factor";
    public static final String FAILED_UPDATE = "failed_update.probability";
    public static final String FAILED_HEALTH = "failed_health.probability";
    public static final String SPOT = "spot.probability";
    public static final String SPOT_AFTER = "spot.after_minutes";
    public static final String SPOT_FRACTION = "spot.fraction";
    public static final String SURGE_FACTOR = "surge.factor";
    public static final String SURGE_FROM = "surge.from";
    public static final String SURGE_TO = "surge.to";
    public static final String SURGE_SERVICE = "surge.service";
    public static final String CAPACITY_LIMIT = "capacity_limit.";
    public static final String REGRESSION_ERRORS = "regression.error_rate";
    public static final String REGRESSION_LATENCY = "regression.latency_factor";

    static final long DEFAULT_SEED = 1;
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    static final double DEFAULT_SLOW_FACTOR = 3;
    static final double DEFAULT_SPOT_AFTER_MINUTES = 10;
    static final double DEFAULT_SPOT_FRACTION = 0.5;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String HOW = " Change it with \"headroom sandbox faults set\" (see \"headroom sandbox "
            + "faults set --help\").";

    public static final SandboxFaults NONE = new SandboxFaults(new TreeMap<>());

    private final TreeMap<String, String> settings;

    private SandboxFaults(TreeMap<String, String> settings) {
        this.settings = settings;
    }

    /**
     * Validated faults from settings; empty values are dropped.
     *
     * @throws HeadroomException naming the first setting that is unknown or out of range, and what is allowed
     */
    public static SandboxFaults of(Map<String, String> settings) {
        TreeMap<String, String> clean = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().trim();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (!value.isEmpty()) {
                clean.put(name, canonical(name, value));
            }
        }
        SandboxFaults faults = new SandboxFaults(clean);
        faults.checkTogether();
        return faults;
    }

    /** Reads the stored form written by {@link #write()}. */
    public static SandboxFaults parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new HeadroomException("Stored sandbox fault setting on line " + n + " (\"" + line + "\") has no "
                        + "'='. Clear the faults with \"headroom sandbox faults clear\" and set them again.");
            }
            settings.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return of(settings);
    }

    /** One {@code name=value} per line in name order; empty when there is no fault. */
    public String write() {
        StringBuilder out = new StringBuilder();
        settings.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    /** These settings with {@code changes} applied; an empty value removes a setting. */
    public SandboxFaults with(Map<String, String> changes) {
        Map<String, String> merged = new TreeMap<>(settings);
        changes.forEach((k, v) -> {
            if (v == null || v.isBlank()) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return of(merged);
    }

    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    public boolean isEmpty() {
        return settings.isEmpty() || settings.keySet().equals(Set.of(SEED));
    }

    public long seed() {
        return settings.containsKey(SEED) ? Long.parseLong(settings.get(SEED)) : DEFAULT_SEED;
    }

    public double error(CallKind kind) {
        return number(ERROR + kind.label(), 0);
    }

    public double throttle(CallKind kind) {
        return number(THROTTLE + kind.label(), 0);
    }

    public Duration retryAfter() {
        return settings.containsKey(RETRY_AFTER) ? Duration.ofSeconds(Long.parseLong(settings.get(RETRY_AFTER)))
                : DEFAULT_RETRY_AFTER;
    }

    public double lostReply(CallKind kind) {
        return number(LOST_REPLY + kind.label(), 0);
    }

    public double slowUpdate() {
        return number(SLOW_UPDATE, 0);
    }

    public double slowFactor() {
        return number(SLOW_FACTOR, DEFAULT_SLOW_FACTOR);
    }

    public double failedUpdate() {
        return number(FAILED_UPDATE, 0);
    }

    public double failedHealth() {
        return number(FAILED_HEALTH, 0);
    }

    public double spot() {
        return number(SPOT, 0);
    }

    public Duration spotAfter() {
        return Duration.ofMillis(Math.round(number(SPOT_AFTER, DEFAULT_SPOT_AFTER_MINUTES) * 60_000));
    }

    public double spotFraction() {
        return number(SPOT_FRACTION, DEFAULT_SPOT_FRACTION);
    }

    /** The load surge factor on {@code service}'s observed load at plan time {@code at}; 1 outside the surge. */
    public double surge(String service, Instant at) {
        if (!settings.containsKey(SURGE_FACTOR)) {
            return 1;
        }
        Instant from = Instant.parse(settings.get(SURGE_FROM));
        Instant to = Instant.parse(settings.get(SURGE_TO));
        boolean inService = !settings.containsKey(SURGE_SERVICE) || settings.get(SURGE_SERVICE).equals(service);
        return inService && !at.isBefore(from) && at.isBefore(to) ? number(SURGE_FACTOR, 1) : 1;
    }

    /**
     * How many instances of {@code instanceType} the sandbox can hold at once in {@code region}: a
     * limit for the type in that region ({@code capacity_limit.TYPE@REGION}) wins over one for the
     * type anywhere ({@code capacity_limit.TYPE}).
     */
    public Optional<Integer> capacityLimit(String instanceType, String region) {
        String exact = settings.get(CAPACITY_LIMIT + instanceType + "@" + region);
        String any = settings.get(CAPACITY_LIMIT + instanceType);
        String limit = exact != null ? exact : any;
        return Optional.ofNullable(limit).map(Integer::parseInt);
    }

    public double regressionErrors() {
        return number(REGRESSION_ERRORS, 0);
    }

    public double regressionLatency() {
        return number(REGRESSION_LATENCY, 1);
    }

    /** Whether a call of {@code kind} can be hit by a fault rolled per attempt (so attempts must be counted). */
    public boolean rollsFor(CallKind kind) {
        boolean any = error(kind) > 0 || throttle(kind) > 0 || lostReply(kind) > 0;
        return switch (kind) {
            case UPDATE -> any || slowUpdate() > 0 || failedUpdate() > 0;
            case HEALTH, SHADOW -> any || failedHealth() > 0;
            default -> any;
        };
    }

    /**
     * A number in [0, 1) from the seed, the fault, the call's key and its attempt: FNV-1a over the
     * UTF-8 text, spread by SplitMix64's finaliser. Fixed arithmetic, so it rolls the same on every JVM.
     */
    public double roll(String fault, String callKey, int attempt) {
        long h = 0xcbf29ce484222325L;
        byte[] bytes = (fault + "\u0000" + callKey + "\u0000" + attempt).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = HostLoadModel.mix(seed(), h);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Whether the fault fires: a roll under its probability. */
    public boolean fires(String fault, double probability, String callKey, int attempt) {
        return probability > 0 && roll(fault, callKey, attempt) < probability;
    }

    private double number(String name, double fallback) {
        String v = settings.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    private void checkTogether() {
        boolean anySurge = settings.containsKey(SURGE_FACTOR) || settings.containsKey(SURGE_FROM)
                || settings.containsKey(SURGE_TO) || settings.containsKey(SURGE_SERVICE);
        if (anySurge) {
            for (String needed : List.of(SURGE_FACTOR, SURGE_FROM, SURGE_TO)) {
                if (!settings.containsKey(needed)) {
                    throw new HeadroomException("Sandbox fault setting " + needed + " is missing: a load surge needs "
                            + "its factor, its start (surge.from) and its end (surge.to)." + HOW);
                }
            }
            if (!Instant.parse(settings.get(SURGE_FROM)).isBefore(Instant.parse(settings.get(SURGE_TO)))) {
                throw new HeadroomException("Sandbox fault setting " + SURGE_TO + " (" + settings.get(SURGE_TO)
                        + ") must be after " + SURGE_FROM + " (" + settings.get(SURGE_FROM) + ")." + HOW);
            }
        }
    }

    /** The value in canonical form, or an operator message naming the setting and what it allows. */
    private static String canonical(String name, String value) {
        if (name.equals(SEED)) {
            try {
                return Long.toString(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw bad(name, value, "must be a whole number (the seed the fault dice are rolled with)");
            }
        }
        if (name.startsWith(ERROR) || name.startsWith(THROTTLE) && !name.equals(RETRY_AFTER)) {
            String kind = name.substring(name.indexOf('.') + 1);
            if (CallKind.parse(kind).isEmpty()) {
                throw new HeadroomException("Sandbox fault setting " + name + " names no provider call: use one of "
                        + labels(EnumSet.allOf(CallKind.class)) + " after \"" + name.substring(0, name.indexOf('.') + 1)
                        + "\"." + HOW);
            }
            return probability(name, value);
        }
        if (name.startsWith(LOST_REPLY)) {
            Optional<CallKind> kind = CallKind.parse(name.substring(LOST_REPLY.length()));
            if (kind.isEmpty() || !CallKind.MUTATING.contains(kind.get())) {
                throw new HeadroomException("Sandbox fault setting " + name + ": only replies of calls that change "
                        + "something can be lost after the action: " + labels(CallKind.MUTATING) + "." + HOW);
            }
            return probability(name, value);
        }
        if (name.startsWith(CAPACITY_LIMIT)) {
            String target = name.substring(CAPACITY_LIMIT.length());
            String[] parts = target.split("@", -1);
            if (parts.length > 2 || !TOKEN.matcher(parts[0]).matches()
                    || parts.length == 2 && !TOKEN.matcher(parts[1]).matches()) {
                throw new HeadroomException("Sandbox fault setting " + name + " must name an instance type, "
                        + "optionally with its region: capacity_limit.c5.large or capacity_limit.c5.large@us-east-1."
                        + HOW);
            }
            return whole(name, value, 0, 100_000, "instances the sandbox can hold at once (0 or more)");
        }
        return switch (name) {
            case RETRY_AFTER -> whole(name, value, 1, 86_400, "seconds a throttled call is asked to wait (1 to 86400)");
            case SLOW_UPDATE, FAILED_UPDATE, FAILED_HEALTH, SPOT -> probability(name, value);
            case SLOW_FACTOR -> range(name, value, 1, 100, "a multiplier of the update's duration from 1 to 100");
            case SPOT_AFTER -> range(name, value, 0, 10_080,
                    "minutes on the rollout's clock from the reservation to its interruption (0 to 10080)");
            case SPOT_FRACTION -> {
                String v = range(name, value, 0, 1, "the share of the reservation's instances taken back (over 0, "
                        + "at most 1)");
                if (Double.parseDouble(v) == 0) {
                    throw bad(name, value, "must be over 0 (at most 1): the share of instances taken back");
                }
                yield v;
            }
            case SURGE_FACTOR -> {
                String v = range(name, value, 0, 100, "a factor on the observed load, over 0 and at most 100 "
                        + "(1.5 = half again)");
                if (Double.parseDouble(v) == 0) {
                    throw bad(name, value, "must be over 0 (and at most 100)");
                }
                yield v;
            }
            case SURGE_FROM, SURGE_TO -> {
                try {
                    yield Instant.parse(value).toString();
                } catch (DateTimeParseException e) {
                    throw bad(name, value, "must be a plan time in ISO-8601 UTC such as 2026-11-23T06:00:00Z");
                }
            }
            case SURGE_SERVICE -> {
                if (!TOKEN.matcher(value).matches()) {
                    throw bad(name, value, "must be a service name (letters, digits, . _ -)");
                }
                yield value;
            }
            case REGRESSION_ERRORS -> probability(name, value);
            case REGRESSION_LATENCY -> range(name, value, 1, 100, "a factor on the new version's latency from 1 to 100");
            default -> throw new HeadroomException("\"" + name + "\" is not a sandbox fault setting. The settings are "
                    + "seed, error.KIND, throttle.KIND, throttle.retry_after_seconds, lost_reply.KIND, "
                    + "slow_update.probability, slow_update.factor, failed_update.probability, "
                    + "failed_health.probability, spot.probability, spot.after_minutes, spot.fraction, surge.factor, "
                    + "surge.from, surge.to, surge.service, capacity_limit.TYPE[@REGION], regression.error_rate, "
                    + "regression.latency_factor (KIND: " + labels(EnumSet.allOf(CallKind.class)) + ").");
        };
    }

    private static String probability(String name, String value) {
        return range(name, value, 0, 1, "a probability from 0 to 1 (0.2 = one call in five)");
    }

    private static String range(String name, String value, double min, double max, String what) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(name, value, "must be " + what);
        }
        if (!Double.isFinite(v) || v < min || v > max) {
            throw bad(name, value, "must be " + what);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String whole(String name, String value, long min, long max, String what) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(name, value, "must be a whole number of " + what);
        }
        if (v < min || v > max) {
            throw bad(name, value, "must be a whole number of " + what);
        }
        return Long.toString(v);
    }

    private static HeadroomException bad(String name, String value, String rule) {
        return new HeadroomException("Sandbox fault setting " + name + " is \"" + value + "\"; it " + rule + "." + HOW);
    }

    private static String labels(Set<CallKind> kinds) {
        return String.join(", ", kinds.stream().map(CallKind::label).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxFaults f && f.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return settings.isEmpty() ? "no faults" : settings.toString();
    }
}
