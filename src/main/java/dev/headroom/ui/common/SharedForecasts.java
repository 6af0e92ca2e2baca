package dev.headroom.ui.common;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.ProgressListener;
import dev.headroom.forecast.FleetForecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Fleet forecasts shared between the pages of the console, so that the Dependencies page colours
 * services by load from the forecast the Forecasts page made (or is making) instead of forecasting
 * the fleet a second time. Forecasting takes seconds; a page that asks for a forecast being made
 * waits for it and sees its progress. Called off the UI thread, from any number of threads.
 */
public final class SharedForecasts {
    /** Forecasts kept per account; a fleet forecast of 250 hosts is about 12 MB per day of horizon. */
    private static final int KEPT_PER_ACCOUNT = 2;

    /** Makes a forecast: {@code ForecastService::forecast} in the console. */
    @FunctionalInterface
    public interface Source {
        FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, ProgressListener progress);
    }

    /** A forecast made or being made, and who wants to hear its progress. */
    private static final class Entry {
        final Set<Metric> metrics;
        final Duration horizon;
        final CompletableFuture<FleetForecast> result = new CompletableFuture<>();
        final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();

        Entry(Set<Metric> metrics, Duration horizon) {
            this.metrics = metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics);
            this.horizon = horizon;
        }

        boolean covers(Set<Metric> wanted, Instant until, Duration wantedHorizon) {
            if (!metrics.containsAll(wanted) || result.isCompletedExceptionally()) {
                return false;
            }
            FleetForecast done = result.getNow(null);
            return done == null ? horizon.compareTo(wantedHorizon) >= 0 : !done.at().plus(horizon).isBefore(until);
        }
    }

    private final Source source;
    /** Newest first, per account. */
    private final Map<String, List<Entry>> entries = new HashMap<>();

    public SharedForecasts(Source source) {
        this.source = source;
    }

    /**
     * Forecasts {@code metrics} of the account's hosts {@code horizon} ahead. When the same
     * forecast is being made already (another page asked for it), waits for that one instead.
     *
     * @throws HeadroomException as {@link Source#forecast} does
     */
    public FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, ProgressListener progress) {
        Entry entry;
        boolean mine;
        synchronized (this) {
            entry = newest(account, e -> !e.result.isDone() && e.metrics.equals(metrics)
                    && e.horizon.equals(horizon));
            mine = entry == null;
            if (mine) {
                entry = add(account, metrics, horizon);
            }
        }
        return get(account, entry, mine, progress);
    }

    /**
     * The newest forecast of the account, made or being made, that has {@code metrics} and reaches
     * {@code until} (one being made: whose horizon is at least {@code horizon}); when there is
     * none, a new forecast {@code horizon} ahead.
     *
     * @throws HeadroomException as {@link Source#forecast} does
     */
    public FleetForecast covering(String account, Set<Metric> metrics, Instant until, Duration horizon,
                                  ProgressListener progress) {
        Entry entry;
        boolean mine;
        synchronized (this) {
            entry = newest(account, e -> e.covers(metrics, until, horizon));
            mine = entry == null;
            if (mine) {
                entry = add(account, metrics, horizon);
            }
        }
        return get(account, entry, mine, progress);
    }

    private Entry newest(String account, Predicate<Entry> match) {
        for (Entry e : entries.getOrDefault(account, List.of())) {
            if (match.test(e)) {
                return e;
            }
        }
        return null;
    }

    private Entry add(String account, Set<Metric> metrics, Duration horizon) {
        Entry entry = new Entry(metrics, horizon);
        List<Entry> list = entries.computeIfAbsent(account, a -> new ArrayList<>());
        list.add(0, entry);
        // forecasts being made stay until they end; of the finished ones only the newest few
        int finished = 0;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).result.isDone() && ++finished > KEPT_PER_ACCOUNT) {
                list.remove(i--);
            }
        }
        return entry;
    }

    /** Makes the entry's forecast when {@code mine}, else waits for whoever makes it; progress reaches every waiter. */
    private FleetForecast get(String account, Entry entry, boolean mine, ProgressListener progress) {
        entry.listeners.add(progress);
        try {
            return mine ? make(account, entry) : entry.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Waiting for the forecast was interrupted; nothing was changed. Try again.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("forecast failed unexpectedly", e.getCause());
        } finally {
            entry.listeners.remove(progress);
        }
    }

    private FleetForecast make(String account, Entry entry) {
        try {
            FleetForecast made = source.forecast(account, entry.metrics, entry.horizon,
                    (fraction, message) -> entry.listeners.forEach(l -> l.progress(fraction, message)));
            entry.result.complete(made);
            return made;
        } catch (RuntimeException | Error e) {
            entry.result.completeExceptionally(e);
            synchronized (this) {
                List<Entry> list = entries.get(account);
                if (list != null) {
                    list.remove(entry);
                }
            }
            throw e;
        }
    }
}
