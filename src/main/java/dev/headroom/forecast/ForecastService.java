package dev.headroom.forecast;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.ProgressListener;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.bench.Protocol;
import dev.headroom.providers.ProviderRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forecasts an account's stored series from the account's clock. Each series is fitted on at
 * most the last 21 days before that instant (the retention the benchmark protocol assumes), with
 * the account's scheduled events divided out of its history and multiplied into its forecast
 * ({@link EventEffects}); the series are forecast in parallel and every forecast is recorded in
 * the journal for the feedback loop.
 */
public final class ForecastService {
    /** Training history given to the models; older samples add cost, not accuracy. */
    public static final Duration TRAINING_WINDOW = Duration.ofDays(21);
    /** Below this many present samples a series is not forecast: its reason says so. */
    public static final int MIN_SAMPLES = 12;

    private final FleetStore store;
    private final ProviderRegistry providers;
    private final Forecaster forecaster;
    private final ForecastJournal journal;
    private final FeedbackLoop feedback;
    private final int threads;

    /** @param journal where every forecast made is recorded for later scoring */
    public ForecastService(FleetStore store, ProviderRegistry providers, Forecaster forecaster, ForecastJournal journal,
                           int threads) {
        this.store = store;
        this.providers = providers;
        this.forecaster = forecaster;
        this.journal = journal;
        this.feedback = new FeedbackLoop(store, journal);
        this.threads = Math.max(1, threads);
    }

    /** The feedback loop over this service's journal. */
    public FeedbackLoop feedback() {
        return feedback;
    }

    /** The forecaster hosts are forecast with; services and the fleet use the same one. */
    public Forecaster forecaster() {
        return forecaster;
    }

    /**
     * Forecasts {@code metrics} of every host of {@code accountName} for {@code horizon} after
     * the account's clock, with intervals at the default levels (80 % and 95 %).
     *
     * @throws HeadroomException when the account does not exist
     */
    public FleetForecast forecast(String accountName, Set<Metric> metrics, Duration horizon, ProgressListener progress) {
        return forecast(accountName, metrics, horizon, IntervalLevels.DEFAULT, progress);
    }

    /**
     * Forecasts {@code metrics} of every host of {@code accountName} for {@code horizon} after
     * the account's clock, with both intervals calibrated to {@code levels}; the journal keeps
     * the levels with every forecast, so that it is later scored against them.
     *
     * @throws HeadroomException when the account does not exist
     */
    public FleetForecast forecast(String accountName, Set<Metric> metrics, Duration horizon, IntervalLevels levels,
                                  ProgressListener progress) {
        Account account = store.account(accountName).orElseThrow(() -> new HeadroomException(
                "There is no account named \"" + accountName + "\". Run \"headroom accounts\" to list the accounts."));
        Instant at = providers.provider(account).clock().instant();
        // earlier forecasts whose horizon has passed are scored first, so drift is known for this run
        feedback.scoreDue(accountName, at);
        List<SeriesId> ids = store.seriesIds(accountName).stream().filter(id -> metrics.contains(id.metric())).toList();
        progress.progress(0, "Reading the history of " + ids.size() + " series…");

        AccountSnapshot snapshot = store.load(accountName, false).orElseThrow();
        Map<String, Host> hosts = new HashMap<>();
        snapshot.hosts().forEach(h -> hosts.put(h.id(), h));

        Map<SeriesId, String> skipped = new HashMap<>();
        List<SeriesId> toForecast = new ArrayList<>();
        List<History> windows = new ArrayList<>();
        List<List<ScheduledEvent>> eventsOf = new ArrayList<>();
        List<Map<String, EventEffects.Effect>> effectsOf = new ArrayList<>();
        for (SeriesId id : ids) {
            Optional<MetricSeries> s = store.series(accountName, id, at.minus(TRAINING_WINDOW), at);
            int present = s.map(m -> m.size() - m.gaps()).orElse(0);
            if (present < MIN_SAMPLES) {
                skipped.put(id, "only " + present + " samples in the last " + TRAINING_WINDOW.toDays()
                        + " days; at least " + MIN_SAMPLES + " are needed");
                continue;
            }
            MetricSeries m = s.get();
            History raw = new History(id.toString(), m.start(), m.step(), m.values());
            Host host = hosts.get(id.hostId());
            List<ScheduledEvent> events = host == null ? List.of() : EventEffects.applicable(snapshot.events(), host);
            Map<String, EventEffects.Effect> effects = EventEffects.learn(raw, events);
            toForecast.add(id);
            windows.add(EventEffects.clean(raw, events, effects));
            eventsOf.add(events);
            effectsOf.add(effects);
        }
        Forecaster ready = forecaster.prepare(windows);

        Map<SeriesId, Forecast> forecasts = new HashMap<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "forecast");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < toForecast.size(); i++) {
                History h = windows.get(i);
                List<ScheduledEvent> events = eventsOf.get(i);
                Map<String, EventEffects.Effect> effects = effectsOf.get(i);
                futures.add(pool.submit(() -> {
                    Object r;
                    try {
                        r = EventEffects.apply(forecastFrom(ready, h, at, horizon, levels), events, effects);
                    } catch (ForecastException | IllegalArgumentException e) {
                        r = e.getMessage();
                    }
                    int n = done.incrementAndGet();
                    if (n % 50 == 0 || n == windows.size()) {
                        progress.progress((double) n / windows.size(), "Forecast " + n + " of " + windows.size() + " series");
                    }
                    return r;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                Object r = futures.get(i).get();
                if (r instanceof Forecast f) {
                    forecasts.put(toForecast.get(i), withDrift(accountName, f));
                } else {
                    skipped.put(toForecast.get(i), String.valueOf(r));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Forecasting was interrupted; nothing was changed. Start it again.", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("forecast failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<ForecastJournal.Entry> entries = new ArrayList<>();
        for (int i = 0; i < toForecast.size(); i++) {
            Forecast f = forecasts.get(toForecast.get(i));
            if (f != null) {
                History h = windows.get(i);
                entries.add(new ForecastJournal.Entry(f, Protocol.scale(h.values(), h.stepsPerDay())));
            }
        }
        if (!entries.isEmpty()) {
            journal.record(accountName, at, entries);
        }
        return new FleetForecast(accountName, at, forecasts, skipped);
    }

    /** Tells the operator when this series' recent forecasts did much worse than their backtests promised. */
    private Forecast withDrift(String account, Forecast f) {
        return feedback.drift(account, f.seriesId()).filter(FeedbackLoop.Drift::drifted)
                .map(d -> f.withReason(f.reason() + String.format(java.util.Locale.ROOT,
                        "; drift: the last %d forecasts erred %.1f× their backtest error (live MASE %.2f vs %.2f)",
                        d.scores(), d.liveMase() / d.backtestMase(), d.liveMase(), d.backtestMase())))
                .orElse(f);
    }

    /**
     * Forecasts so that the first step is the first step at or after {@code at}: a series whose
     * last sample is older than {@code at} is forecast across the gap, and the gap is cut off.
     */
    static Forecast forecastFrom(Forecaster forecaster, History h, Instant at, Duration horizon, IntervalLevels levels) {
        long step = h.step().getSeconds();
        long behind = Math.max(0, Math.floorDiv(at.getEpochSecond() - h.end().getEpochSecond() + step - 1, step));
        int steps = (int) Math.max(1, horizon.getSeconds() / step);
        Forecast f = forecaster.forecast(h, (int) behind + steps, levels);
        if (behind == 0) {
            return f;
        }
        int from = (int) behind;
        int to = from + steps;
        String reason = f.reason() + "; the last sample is " + Duration.ofSeconds(behind * step).toMinutes()
                + " min older than the forecast time";
        return new Forecast(f.seriesId(), f.time(from), f.step(), Arrays.copyOfRange(f.mean(), from, to),
                Arrays.copyOfRange(f.lowerInner(), from, to), Arrays.copyOfRange(f.upperInner(), from, to),
                Arrays.copyOfRange(f.lowerOuter(), from, to), Arrays.copyOfRange(f.upperOuter(), from, to), f.levels(),
                f.model(), reason, f.backtestMase());
    }
}
