package dev.headroom.ui.forecast;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;
import dev.headroom.forecast.AggregateHistories;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastService;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.forecast.LoadScores;
import dev.headroom.forecast.LoadScores.HostScore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.NaturalOrder;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State of the Forecast view: which series the chart shows (a host, a service or the fleet, and a
 * metric), the chart's data, the model behind it, and the hosts' load scores for a window. The
 * fleet is forecast once per account, horizon and interval levels in the background and kept
 * until Refresh; services and the fleet are forecast from their aggregated history when they are
 * charted.
 */
public final class ForecastViewModel {
    /** All four metrics are forecast because a host's load score is that of its busiest resource. */
    static final Set<Metric> METRICS = EnumSet.allOf(Metric.class);
    /** The window scored when the account's policy has none, as the planner assumes (see {@link Policy}). */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(6);
    static final Duration SHORT_HISTORY = Duration.ofDays(3);
    static final Duration LONG_HISTORY = Duration.ofDays(14);
    /** The one entry of the subject chooser when the whole fleet is charted. */
    public static final String ALL_HOSTS = "All hosts";
    public static final String POLICY_WINDOW = "Policy window";
    /** A fleet forecast of 250 hosts is about 12 MB per day of horizon; a few are worth keeping. */
    private static final int CACHED_FORECASTS = 4;
    /**
     * The interval levels offered: the default, a narrow pair for what is likely (half of the
     * load falls in the inner band), and a wide pair for what is nearly certain.
     */
    public static final List<IntervalLevels> LEVEL_CHOICES = List.of(IntervalLevels.DEFAULT,
            new IntervalLevels(0.50, 0.90), new IntervalLevels(0.90, 0.99));

    private final ForecastQueries queries;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ObjectProperty<SubjectKind> subjectKind = new SimpleObjectProperty<>(this, "subjectKind", SubjectKind.HOST);
    private final ObservableList<String> subjects = FXCollections.observableArrayList();
    private final ObjectProperty<String> subject = new SimpleObjectProperty<>(this, "subject");
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(this, "metric", Metric.CPU);
    private final ObjectProperty<Horizon> horizon = new SimpleObjectProperty<>(this, "horizon", Horizon.H24);
    private final ObjectProperty<IntervalLevels> levels =
            new SimpleObjectProperty<>(this, "levels", IntervalLevels.DEFAULT);
    private final BooleanProperty longHistory = new SimpleBooleanProperty(this, "longHistory");
    private final ObservableList<ScoreWindow> windows = FXCollections.observableArrayList();
    private final ObjectProperty<ScoreWindow> window = new SimpleObjectProperty<>(this, "window");

    private final ReadOnlyObjectWrapper<ChartData> chart = new ReadOnlyObjectWrapper<>(this, "chart");
    private final ReadOnlyStringWrapper modelText = new ReadOnlyStringWrapper(this, "modelText", "");
    private final ReadOnlyStringWrapper reasonText = new ReadOnlyStringWrapper(this, "reasonText", "");
    private final ReadOnlyStringWrapper forecastText = new ReadOnlyStringWrapper(this, "forecastText", "");
    private final ReadOnlyStringWrapper windowText = new ReadOnlyStringWrapper(this, "windowText", "");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");

    private final ObservableList<ScoreRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ScoreRow> filteredRows = new FilteredList<>(rows);
    private final SortedList<ScoreRow> sortedRows = new SortedList<>(filteredRows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");

    private final Map<Key, Computed> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Computed> eldest) {
            return size() > CACHED_FORECASTS;
        }
    };
    /** The subject last charted per kind, so that going Host → Fleet → Host returns to the same host. */
    private final Map<SubjectKind, String> lastSubject = new EnumMap<>(SubjectKind.class);
    private Computed current;
    /** Only the newest request may update the view: an older one can finish after it. */
    private long forecastRequest;
    private long chartRequest;
    private boolean chartPending;
    /**
     * Forecasts of services and the fleet by what they were made from; the periodic re-reading
     * of actuals must not forecast again. Filled off the UI thread.
     */
    private final Map<AggregateKey, Object> aggregates = new ConcurrentHashMap<>();
    /** Set while the view model changes several choices at once, so that they draw one chart, not one each. */
    private boolean adjusting;
    /** Whether the operator chose the window; if not, a policy window stored later takes its place. */
    private boolean windowChosen;

    public ForecastViewModel(ForecastQueries queries, BackgroundRunner runner, Problems problems, Activity activity) {
        this.queries = queries;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;

        account.addListener((obs, old, name) -> {
            if (name != null && !name.equals(old)) {
                ensureForecast();
            }
        });
        horizon.addListener((obs, old, next) -> ensureForecast());
        levels.addListener((obs, old, next) -> {
            if (next == null) {
                // a choice box may clear its value; the forecast always has levels
                levels.set(old);
            } else {
                ensureForecast();
            }
        });
        subjectKind.addListener((obs, old, kind) -> {
            if (adjusting) {
                return;
            }
            lastSubject.put(old, subject.get());
            adjusting = true;
            try {
                fillSubjects(lastSubject.get(kind));
            } finally {
                adjusting = false;
            }
            drawChart();
        });
        subject.addListener((obs, old, next) -> {
            if (!adjusting && next != null) {
                drawChart();
            }
        });
        metric.addListener((obs, old, next) -> drawChart());
        longHistory.addListener((obs, old, next) -> drawChart());
        window.addListener((obs, old, next) -> {
            if (!adjusting) {
                windowChosen = true;
                rescore();
            }
        });
        filterText.addListener((obs, old, query) -> filteredRows.setPredicate(r -> r.matches(query)));
    }

    /** Forecasts the fleet again for the shown account and horizon, e.g. after its clock moved on. */
    public void refresh() {
        String name = account.get();
        cache.keySet().removeIf(k -> k.account().equals(name));
        ensureForecast();
    }

    /** Charts the host of a load-score row. */
    public void select(ScoreRow row) {
        if (row == null) {
            return;
        }
        if (subjectKind.get() != SubjectKind.HOST) {
            lastSubject.put(subjectKind.get(), subject.get());
        }
        adjusting = true;
        try {
            subjectKind.set(SubjectKind.HOST);
            fillSubjects(row.hostId());
        } finally {
            adjusting = false;
        }
        drawChart();
    }

    private void ensureForecast() {
        String name = account.get();
        if (name == null) {
            return;
        }
        Key key = new Key(name, horizon.get(), levels.get());
        long request = ++forecastRequest;
        Computed cached = cache.get(key);
        if (cached != null) {
            apply(cached);
            return;
        }
        Runnable done = activity.begin("Forecasting the hosts of " + name + " " + key.horizon() + " ahead…");
        runner.run(progress -> new Computed(queries.snapshot(name),
                        queries.forecast(name, METRICS, key.horizon().duration(), key.levels(), progress),
                        key.horizon().duration(), key.levels(), queries.serviceCriticality(name)),
                activity::progress,
                result -> {
                    // the chart's work starts before this ends, so the console never looks idle in between
                    try {
                        cache.put(key, result);
                        if (request == forecastRequest) {
                            apply(result);
                        }
                    } finally {
                        done.run();
                    }
                }, problem -> {
                    done.run();
                    if (request == forecastRequest) {
                        problems.report(problem, this::ensureForecast);
                    }
                });
    }

    private void apply(Computed computed) {
        boolean otherAccount = current == null || !current.forecast().account().equals(computed.forecast().account());
        current = computed;
        if (otherAccount) {
            lastSubject.clear();
            windowChosen = false;
        }
        aggregates.clear();
        adjusting = true;
        try {
            fillSubjects(subject.get());
            fillWindows();
        } finally {
            adjusting = false;
        }
        FleetForecast ff = computed.forecast();
        forecastText.set("Forecast from " + Formats.clock(ff.at()) + " for " + horizonOf(computed) + " · "
                + Formats.count(ff.forecasts().size(), "series", "series")
                + (ff.skipped().isEmpty() ? "" : " · " + Formats.amount(ff.skipped().size()) + " without forecast"));
        rescore();
        loaded.set(true);
        drawChart();
    }

    /** Fills the subject chooser for the current kind and selects {@code preferred}, else the first entry. */
    private void fillSubjects(String preferred) {
        List<String> ids = current == null ? List.of() : switch (subjectKind.get()) {
            case HOST -> current.snapshot().hosts().stream().map(Host::id).sorted(NaturalOrder.INSTANCE).toList();
            case SERVICE -> current.snapshot().services().stream().map(Service::name).sorted(NaturalOrder.INSTANCE)
                    .toList();
            case FLEET -> List.of(ALL_HOSTS);
        };
        subjects.setAll(ids);
        subject.set(preferred != null && ids.contains(preferred) ? preferred : ids.isEmpty() ? null : ids.get(0));
    }

    private void fillWindows() {
        Instant at = current.forecast().at();
        List<ScoreWindow> list = new ArrayList<>();
        current.snapshot().policy().flatMap(Policy::window).ifPresent(w -> list.add(new ScoreWindow(POLICY_WINDOW, w)));
        for (int hours : new int[] {2, 6, 12, 24, 48}) {
            list.add(new ScoreWindow("Next " + hours + " h", new Window(at, at.plusSeconds(hours * 3600L))));
        }
        String keep = window.get() == null || !windowChosen ? null : window.get().label();
        String fallback = list.get(0).label().equals(POLICY_WINDOW)
                ? POLICY_WINDOW
                : "Next " + DEFAULT_WINDOW.toHours() + " h";
        windows.setAll(list);
        window.set(list.stream().filter(w -> w.label().equals(keep)).findFirst()
                .orElseGet(() -> list.stream().filter(w -> w.label().equals(fallback)).findFirst().orElseThrow()));
    }

    private void rescore() {
        if (current == null || window.get() == null) {
            return;
        }
        AccountSnapshot snapshot = current.snapshot();
        FleetForecast ff = current.forecast();
        Window w = window.get().window();
        double quantile = snapshot.policy().orElse(Policy.DEFAULT).forecastQuantile();
        List<HostScore> scores = LoadScores.hosts(snapshot.hosts(), snapshot.services(), current.criticality(),
                ff.forecasts(), w, quantile);
        Map<String, Host> hosts = new HashMap<>();
        snapshot.hosts().forEach(h -> hosts.put(h.id(), h));
        rows.setAll(scores.stream().map(s -> ScoreRow.of(hosts.get(s.hostId()), s))
                .sorted(Comparator.comparingDouble((ScoreRow r) -> Double.isNaN(r.loadScore()) ? 1 : 0)
                        .thenComparing(Comparator.comparingDouble(ScoreRow::loadScore).reversed())
                        .thenComparing(ScoreRow::hostId, NaturalOrder.INSTANCE))
                .toList());

        Instant forecastEnd = ff.at().plus(current.horizon());
        String text = String.format(Locale.ROOT, "Load scores for %s – %s at the %s quantile of the forecast",
                Formats.clock(w.start()), Formats.clock(w.end()), quantileText(quantile));
        if (!w.end().isAfter(ff.at()) || !w.start().isBefore(forecastEnd)) {
            text += ". The window is outside the forecast: choose another window or horizon.";
        } else if (w.end().isAfter(forecastEnd)) {
            text += ". The forecast ends at " + Formats.clock(forecastEnd)
                    + "; choose a longer horizon to score the whole window.";
        }
        windowText.set(text);
    }

    /**
     * Reads the charted history again, so that samples that arrived since are drawn as actuals.
     * The view calls it every little while as long as it is shown, so it is quiet: nothing in the
     * status bar, and nothing when a chart is being read anyway.
     */
    public void updateActuals() {
        if (!chartPending) {
            drawChart(false);
        }
    }

    private void drawChart() {
        drawChart(true);
    }

    private void drawChart(boolean visible) {
        Computed computed = current;
        String id = subject.get();
        if (computed == null || id == null) {
            return;
        }
        Chosen chosen = new Chosen(subjectKind.get(), id, metric.get(), longHistory.get() ? LONG_HISTORY : SHORT_HISTORY);
        long request = ++chartRequest;
        chartPending = true;
        Runnable done = visible ? activity.begin("Reading the history of " + chosen.title() + "…") : () -> { };
        runner.run(() -> chartOf(computed, chosen), drawn -> {
            done.run();
            if (request == chartRequest) {
                chartPending = false;
                chart.set(drawn.data());
                modelText.set(drawn.model());
                reasonText.set(drawn.reason());
            }
        }, problem -> {
            done.run();
            if (request == chartRequest) {
                chartPending = false;
                problems.report(problem, this::drawChart);
            }
        });
    }

    /** Reads history and, for a service or the fleet, forecasts it; runs off the UI thread. */
    private Drawn chartOf(Computed computed, Chosen chosen) {
        FleetForecast ff = computed.forecast();
        String name = ff.account();
        Instant at = ff.at();
        Instant now = queries.clock(name);
        // Actuals are the samples whose five minutes (or whatever step) the account's clock has
        // reached; a store may already hold later ones, which must not show as if they had happened.
        Instant until = now;
        Instant from = at.minus(chosen.shown());
        String title = chosen.title();
        Metric m = chosen.metric();

        if (chosen.kind() == SubjectKind.HOST) {
            SeriesId id = new SeriesId(chosen.id(), m);
            ChartData.Line[] lines = queries.series(name, id, from, until)
                    .map(s -> split(s.start(), s.step(), s.values(), at))
                    .orElse(new ChartData.Line[] {ChartData.Line.EMPTY, ChartData.Line.EMPTY});
            Forecast f = ff.forecasts().get(id);
            String reason = "";
            if (f == null) {
                String skipped = ff.skipped().get(id);
                reason = skipped != null
                        ? "No forecast for " + title + ": " + skipped + "."
                        : "No " + m.label() + " history is stored for host " + chosen.id() + ", so there is nothing to forecast.";
            }
            return new Drawn(new ChartData(title, now, at, lines[0], lines[1], band(f)), modelText(f, ""), reason);
        }

        List<Host> hosts = chosen.kind() == SubjectKind.SERVICE
                ? AggregateHistories.hostsOf(chosen.id(), computed.snapshot().hosts())
                : computed.snapshot().hosts();
        Map<String, MetricSeries> series = new HashMap<>();
        Instant trainFrom = at.minus(ForecastService.TRAINING_WINDOW);
        for (Host h : hosts) {
            queries.series(name, new SeriesId(h.id(), m), trainFrom, until).ifPresent(s -> series.put(h.id(), s));
        }
        String group = chosen.kind() == SubjectKind.SERVICE ? "service " + chosen.id() : "the fleet";
        var aggregate = AggregateHistories.of(title, hosts, m, series);
        if (aggregate.isEmpty()) {
            return new Drawn(new ChartData(title, now, at, ChartData.Line.EMPTY, ChartData.Line.EMPTY, null), "",
                    "No " + m.label() + " history is stored for the hosts of " + group + ", so there is nothing to forecast.");
        }
        History h = aggregate.get();
        double[] values = h.values();
        int first = (int) Math.max(0, Math.min(values.length,
                Math.floorDiv(from.getEpochSecond() - h.start().getEpochSecond() + h.step().getSeconds() - 1,
                        h.step().getSeconds())));
        ChartData.Line[] lines = split(h.time(first), h.step(), Arrays.copyOfRange(values, first, values.length), at);
        Object made = aggregates.computeIfAbsent(new AggregateKey(ff, chosen.kind(), chosen.id(), m), k -> {
            try {
                return AggregateHistories.forecast(queries.forecaster(), h, at, computed.horizon(), computed.levels());
            } catch (ForecastException e) {
                return e.getMessage();
            }
        });
        Forecast f = made instanceof Forecast forecast ? forecast : null;
        String reason = f == null ? "No forecast for " + title + ": " + made + "." : "";
        String basis = "capacity-weighted mean of " + Formats.count(series.size(), "host", "hosts");
        return new Drawn(new ChartData(title, now, at, lines[0], lines[1], band(f)), modelText(f, basis), reason);
    }

    /** Splits samples into history (before {@code at}) and actuals (from {@code at} on). */
    private static ChartData.Line[] split(Instant start, Duration step, double[] values, Instant at) {
        List<double[]> before = new ArrayList<>();
        List<double[]> after = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Instant t = start.plus(step.multipliedBy(i));
            (t.isBefore(at) ? before : after).add(new double[] {t.toEpochMilli(), values[i]});
        }
        return new ChartData.Line[] {line(before), line(after)};
    }

    private static ChartData.Line line(List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new ChartData.Line(x, y);
    }

    /**
     * The forecast as drawn: bounds are clipped to 0–100 % because utilisation cannot leave that
     * range, while symmetric intervals around a low or high forecast do (load scores clip the same way).
     */
    private static ChartData.Band band(Forecast f) {
        if (f == null) {
            return null;
        }
        int h = f.horizon();
        double[] x = new double[h];
        double[] mean = new double[h];
        double[] lInner = new double[h];
        double[] uInner = new double[h];
        double[] lOuter = new double[h];
        double[] uOuter = new double[h];
        for (int k = 0; k < h; k++) {
            x[k] = f.time(k).toEpochMilli();
            mean[k] = percent(f.meanAt(k));
            lInner[k] = percent(f.lowerInnerAt(k));
            uInner[k] = percent(f.upperInnerAt(k));
            lOuter[k] = percent(f.lowerOuterAt(k));
            uOuter[k] = percent(f.upperOuterAt(k));
        }
        return new ChartData.Band(x, mean, lInner, uInner, lOuter, uOuter, f.levels());
    }

    private static double percent(double v) {
        return Math.max(0, Math.min(100, v));
    }

    /** "model snaive · backtest MASE 0.84 · fixed model snaive". */
    static String modelText(Forecast f, String basis) {
        if (f == null) {
            return "";
        }
        String mase = Double.isNaN(f.backtestMase())
                ? "not measured"
                : String.format(Locale.ROOT, "%.2f", f.backtestMase());
        return "model " + f.model() + " · backtest MASE " + mase + " · " + f.reason()
                + (basis.isEmpty() ? "" : " · " + basis);
    }

    private static String quantileText(double q) {
        return String.format(Locale.ROOT, "%.3f", q).replaceAll("0+$", "");
    }

    private static String horizonOf(Computed c) {
        return c.horizon().toHours() + " h";
    }

    /** The account whose fleet is forecast; the wiring binds it to the Fleet view's account. */
    public StringProperty accountProperty() {
        return account;
    }

    public ObjectProperty<SubjectKind> subjectKindProperty() {
        return subjectKind;
    }

    /** Host ids, service names, or {@link #ALL_HOSTS}, for the subject kind. */
    public ObservableList<String> subjects() {
        return subjects;
    }

    public ObjectProperty<String> subjectProperty() {
        return subject;
    }

    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }

    public ObjectProperty<Horizon> horizonProperty() {
        return horizon;
    }

    /**
     * The levels of the two prediction intervals, one of {@link #LEVEL_CHOICES}; choosing others
     * forecasts the fleet again in the background (once per levels, then from the cache).
     */
    public ObjectProperty<IntervalLevels> levelsProperty() {
        return levels;
    }

    /** True: the chart shows 14 days of history before the forecast; false: 3 days. */
    public BooleanProperty longHistoryProperty() {
        return longHistory;
    }

    public ObservableList<ScoreWindow> windows() {
        return windows;
    }

    /** The window the load scores are read for. */
    public ObjectProperty<ScoreWindow> windowProperty() {
        return window;
    }

    /** What the chart draws; {@code null} before the first forecast. */
    public ReadOnlyObjectProperty<ChartData> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    /** The model that made the charted forecast and its backtest accuracy; empty without a forecast. */
    public ReadOnlyStringProperty modelTextProperty() {
        return modelText.getReadOnlyProperty();
    }

    /** Why the charted series has no forecast; empty when it has one. */
    public ReadOnlyStringProperty reasonTextProperty() {
        return reasonText.getReadOnlyProperty();
    }

    /** When the fleet forecast was made, for how long, and how many series it covers. */
    public ReadOnlyStringProperty forecastTextProperty() {
        return forecastText.getReadOnlyProperty();
    }

    /** The scored window and quantile, and whether the forecast covers the window. */
    public ReadOnlyStringProperty windowTextProperty() {
        return windowText.getReadOnlyProperty();
    }

    /** True once a fleet forecast has been shown. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /**
     * Hosts by load score, highest first (unknown last), after the filter. The view may bind the
     * sorted list's comparator to its table's.
     */
    public SortedList<ScoreRow> scoreRows() {
        return sortedRows;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    private record Key(String account, Horizon horizon, IntervalLevels levels) {
    }

    /** @param criticality each service's criticality through the dependency graph (empty: their own) */
    private record Computed(AccountSnapshot snapshot, FleetForecast forecast, Duration horizon,
                            IntervalLevels levels, Map<String, Double> criticality) {
    }

    /** What to chart: subject, metric and how much history before the forecast. */
    private record Chosen(SubjectKind kind, String id, Metric metric, Duration shown) {
        String title() {
            return switch (kind) {
                case HOST -> id + " · " + metric.label();
                case SERVICE -> "service " + id + " · " + metric.label();
                case FLEET -> "fleet · " + metric.label();
            };
        }
    }

    private record Drawn(ChartData data, String model, String reason) {
    }

    /** Compares the fleet forecast by identity: each is made once, and its maps are large. */
    private record AggregateKey(FleetForecast forecast, SubjectKind kind, String id, Metric metric) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AggregateKey k && k.forecast == forecast && k.kind == kind && k.id.equals(id)
                    && k.metric == metric;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(forecast) * 31 + Objects.hash(kind, id, metric);
        }
    }
}
