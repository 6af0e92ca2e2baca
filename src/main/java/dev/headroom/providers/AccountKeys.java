package dev.headroom.providers;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Account settings that belong to Headroom rather than to a provider: the account's status,
 * which Headroom keeps, and how much history a sync reads. Every provider's settings parser accepts
 * them (it refuses other keys it does not know, so that a typo is not silently ignored).
 */
public final class AccountKeys {
    /** Plan-time instant of the last successful sync. */
    public static final String LAST_SYNC = "last_sync";
    /** What the last successful sync stored, in operator words. */
    public static final String LAST_SYNC_SUMMARY = "last_sync_summary";
    /** The last failed sync's or check's operator message; removed by the next success. */
    public static final String LAST_ERROR = "last_error";
    public static final String LAST_ERROR_AT = "last_error_at";
    /** The last successful connection check's text. */
    public static final String LAST_CHECK = "last_check";
    /** The step of the history a sync stores, a duration such as {@code 5m} (default 5m). */
    public static final String HISTORY_STEP = "history_step";
    /** How far back a sync reads, a duration such as {@code 14d} (default 14d). */
    public static final String HISTORY_RANGE = "history_range";
    /**
     * Another account whose provider measures this account's hosts (a Kubernetes cluster's nodes
     * measured by a Prometheus account), read by host id.
     */
    public static final String METRICS_ACCOUNT = "metrics_account";

    /** Keys Headroom writes itself; refused as operator input. */
    public static final Set<String> STATUS = Set.of(LAST_SYNC, LAST_SYNC_SUMMARY, LAST_ERROR, LAST_ERROR_AT, LAST_CHECK);
    /** Every key a provider's parser must let through. */
    public static final Set<String> ENGINE = Set.of(LAST_SYNC, LAST_SYNC_SUMMARY, LAST_ERROR, LAST_ERROR_AT, LAST_CHECK,
            HISTORY_STEP, HISTORY_RANGE, METRICS_ACCOUNT);

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private AccountKeys() {
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}; empty when the text is not one or is zero. */
    public static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }
}
