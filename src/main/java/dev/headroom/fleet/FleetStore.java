package dev.headroom.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.SeriesId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of accounts and everything known about them. Implementations throw
 * {@link HeadroomException} (with an operator message) when the storage cannot be used; a failed
 * write leaves what was stored before untouched.
 */
public interface FleetStore extends AutoCloseable {

    /** All accounts, ordered by name. */
    List<Account> accounts();

    Optional<Account> account(String name);

    /**
     * Replaces everything stored for {@code snapshot.account().name()} by the snapshot, in one
     * transaction: on any failure the previous content stays as it was.
     */
    void replace(AccountSnapshot snapshot);

    /**
     * Replaces the account's settings (never secrets: those go to the {@code SecretStore}) in one
     * transaction, leaving everything else stored for it as it is.
     *
     * @throws HeadroomException when there is no such account or the write fails
     */
    void saveSettings(String account, Map<String, String> settings);

    /**
     * Loads an account's snapshot. With {@code withMetrics} false, {@code metrics()} is empty:
     * use {@link #series} for history, which can be large.
     */
    Optional<AccountSnapshot> load(String account, boolean withMetrics);

    /** Ids of the account's stored series, ordered. */
    List<SeriesId> seriesIds(String account);

    /** Stored samples of one series with timestamps in {@code [from, to)}; empty when none. */
    Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to);

    /**
     * For every host of the account that has the metric: the last present sample at or before
     * {@code at}. Hosts without such a sample are absent.
     */
    Map<String, Double> latest(String account, Metric metric, Instant at);

    /**
     * Replaces the account's scheduled events, leaving everything else as it is.
     *
     * @throws HeadroomException when the account does not exist or an event's scope is neither
     *                           one of its services, one of its regions nor {@code *}
     */
    void replaceEvents(String account, List<ScheduledEvent> events);

    /** Removes the account and all its data; no-op when absent. */
    void delete(String account);

    /** Size of the database file(s) in bytes, for the status line and benchmarks. */
    long sizeBytes();

    @Override
    void close();
}
