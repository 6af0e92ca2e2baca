package dev.headroom.forecast;

import dev.headroom.forecast.models.Naive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The automatic choice: every candidate model is backtested on the training window itself (a
 * few rolling inner origins near its end, the most recent weighing most), and the forecast comes
 * from the candidate with the lowest scaled error, or from the mean of the best few when that
 * mean did better in the same backtest. The backtest forecasts of the choice then calibrate its
 * intervals ({@link IntervalCalibrator#fromErrors}), so a series costs one fit per inner origin
 * plus one final fit per candidate.
 *
 * <p>Fallbacks, each recorded in {@link Forecast#reason()}: gaps are filled before fitting; a
 * constant window gets a flat forecast with zero-width intervals; fewer than
 * {@value #MIN_SAMPLES} samples get their mean; a candidate that throws is skipped; when none is
 * left the last value is repeated.
 */
public final class AutoForecaster implements Forecaster {
    /** Fewer samples than this leave too few inner origins to tell models apart. */
    public static final int MIN_SAMPLES = 10;

    /**
     * Weight of an inner origin relative to the next more recent one: a level shift soon
     * dominates. On DEV 0.5 beat 0.25, 0.75 and equal weights (relative MASE 0.842 vs 0.858,
     * 0.850, 0.857).
     */
    private static final double ORIGIN_DECAY = 0.5;

    private final List<ForecastModel> candidates;
    /** Candidates considered only on windows that hold a daily season ({@link ForecastModels#whereSeasonal()}). */
    private final List<ForecastModel> seasonalCandidates;
    private final int maxCombined;
    /** Whether {@link #prepare} adds the cross-series model trained on the pool. */
    private final boolean learnAcrossSeries;

    /**
     * @param maxCombined how many of the best candidates a combination may average; 1 always
     *                    picks the single best
     */
    public AutoForecaster(List<ForecastModel> candidates, int maxCombined) {
        this(candidates, List.of(), maxCombined, false);
    }

    private AutoForecaster(List<ForecastModel> candidates, List<ForecastModel> seasonalCandidates, int maxCombined,
                           boolean learnAcrossSeries) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate model");
        }
        this.candidates = List.copyOf(candidates);
        this.seasonalCandidates = List.copyOf(seasonalCandidates);
        this.maxCombined = Math.max(1, maxCombined);
        this.learnAcrossSeries = learnAcrossSeries;
    }

    /**
     * The registered candidates ({@link ForecastModels#core()}, and {@link ForecastModels#whereSeasonal()}
     * on seasonal windows), combining up to three;
     * {@link #prepare} adds the cross-series model trained on the fleet's training windows.
     */
    public static AutoForecaster create() {
        return new AutoForecaster(ForecastModels.core(), ForecastModels.whereSeasonal(), 3, true);
    }

    @Override
    public Forecaster prepare(List<History> pool) {
        return learnAcrossSeries
                ? new AutoForecaster(ForecastModels.core(pool), seasonalCandidates, maxCombined, false)
                : this;
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public Forecast forecast(History history, int horizon, IntervalLevels levels) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1: " + horizon);
        }
        int n = history.size();
        int present = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = history.value(i);
            if (!Double.isNaN(v)) {
                present++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (present == 0) {
            throw new ForecastException("every sample of the window is missing");
        }
        String gaps = present < n ? "; " + (n - present) + " missing of " + n + " samples filled in" : "";
        if (min == max) {
            double[] flat = new double[horizon];
            Arrays.fill(flat, min);
            return IntervalCalibrator.Bands.zero(horizon, levels).around(history, flat, "flat",
                    "the window is constant at " + number(min) + ": flat forecast" + gaps, Double.NaN);
        }
        if (present < MIN_SAMPLES) {
            return meanOfFew(history, horizon, present, levels);
        }
        History filled = present < n
                ? new History(history.id(), history.start(), history.step(), Histories.fillGaps(history.values()))
                : history;
        return choose(history, filled, horizon, gaps, levels);
    }

    private Forecast choose(History raw, History filled, int horizon, String gaps, IntervalLevels levels) {
        IntervalCalibrator.Plan plan = IntervalCalibrator.Plan.of(filled.size(), horizon);
        int[] origins = plan.origins();
        double[] weights = new double[origins.length];
        for (int j = 0; j < origins.length; j++) {
            weights[j] = Math.pow(ORIGIN_DECAY, origins.length - 1 - j);
        }
        double scale = scale(filled);
        // one copy of each inner window for all candidates: on long windows copying costs more than the baselines
        History[] trains = new History[origins.length];
        Seasonality[] seasons = new Seasonality[origins.length];
        for (int j = 0; j < origins.length; j++) {
            trains[j] = filled.head(origins[j]);
            seasons[j] = Seasonality.of(trains[j]);
        }
        List<Candidate> fitted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        // the shortest inner window decides what applies: a family must fit at every origin
        Seasonality shortest = seasons[0];
        List<ForecastModel> considered = new ArrayList<>(candidates);
        if (shortest.seasonal()) {
            considered.addAll(seasonalCandidates);
        }
        considered.removeIf(m -> !m.applicable(shortest));
        for (ForecastModel model : considered) {
            double[][] inner = new double[origins.length][];
            try {
                for (int j = 0; j < origins.length; j++) {
                    inner[j] = checked(model, model.forecast(trains[j], plan.horizon(), seasons[j]), plan.horizon());
                }
            } catch (RuntimeException e) {
                skipped.add(model.name() + " (" + message(e) + ")");
                continue;
            }
            fitted.add(new Candidate(List.of(model), inner, error(raw, origins, inner, weights) / scale));
        }
        fitted.sort(Comparator.comparingDouble(Candidate::mase));
        String skippedNote = skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped);
        while (!fitted.isEmpty()) {
            Candidate best = fitted.get(0);
            Candidate choice = best;
            for (int k = 2; k <= Math.min(maxCombined, fitted.size()); k++) {
                Candidate combo = Candidate.mean(fitted.subList(0, k), raw, origins, weights, scale);
                if (combo.mase() < choice.mase()) {
                    choice = combo;
                }
            }
            double[] mean;
            try {
                mean = choice.forecast(filled, horizon);
            } catch (RuntimeException e) {
                // a model that backtested but cannot fit the whole window: drop it and choose again
                ForecastModel failed = choice.failedModel(filled, horizon);
                skippedNote += (skippedNote.isEmpty() ? "; skipped " : ", ") + failed.name() + " (" + message(e) + ")";
                fitted.removeIf(c -> c.models().get(0) == failed);
                continue;
            }
            IntervalCalibrator.Bands bands = IntervalCalibrator.fromErrors(choice.errors(raw, origins), horizon, levels);
            return bands.around(raw, mean, choice.name(), reason(choice, best, fitted) + gaps + skippedNote,
                    choice.mase());
        }
        return lastValue(raw, filled, horizon, skipped, gaps, levels);
    }

    private static Forecast lastValue(History raw, History filled, int horizon, List<String> skipped, String gaps,
                                      IntervalLevels levels) {
        Naive naive = new Naive();
        double[] mean = naive.forecast(filled, horizon, Seasonality.NONE);
        return new IntervalCalibrator().calibrate(naive, filled, horizon, levels).around(raw, mean, naive.name(),
                "no model could fit (" + String.join(", ", skipped) + "): repeating the last value" + gaps, Double.NaN);
    }

    /** Too few samples to backtest: their mean, with a normal-theory spread of a sample mean's forecast. */
    private static Forecast meanOfFew(History history, int horizon, int present, IntervalLevels levels) {
        double sum = 0;
        for (int i = 0; i < history.size(); i++) {
            if (!Double.isNaN(history.value(i))) {
                sum += history.value(i);
            }
        }
        double mean = sum / present;
        double ss = 0;
        for (int i = 0; i < history.size(); i++) {
            if (!Double.isNaN(history.value(i))) {
                ss += (history.value(i) - mean) * (history.value(i) - mean);
            }
        }
        double sd = present > 1 ? Math.sqrt(ss / (present - 1) * (1 + 1.0 / present)) : 0;
        double[] f = new double[horizon];
        Arrays.fill(f, mean);
        double[] inner = new double[horizon];
        double[] outer = new double[horizon];
        // Student t quantiles would be wider still, but with so few samples no width is trustworthy
        Arrays.fill(inner, Quantiles.inverseNormal((1 + levels.inner()) / 2) * sd);
        Arrays.fill(outer, Quantiles.inverseNormal((1 + levels.outer()) / 2) * sd);
        double[] negInner = Arrays.stream(inner).map(w -> -w).toArray();
        double[] negOuter = Arrays.stream(outer).map(w -> -w).toArray();
        return new IntervalCalibrator.Bands(levels, negInner, inner, negOuter, outer).around(history, f, "mean",
                "only " + present + " samples, too few to compare models (" + MIN_SAMPLES + " needed): their mean",
                Double.NaN);
    }

    private String reason(Candidate choice, Candidate best, List<Candidate> ranked) {
        StringBuilder sb = new StringBuilder();
        if (choice == best) {
            sb.append("lowest backtest error of ").append(ranked.size()).append(ranked.size() == 1 ? " model: " : " models: ")
                    .append(best.name()).append(" MASE ").append(number(best.mase()));
            if (ranked.size() > 1) {
                Candidate next = ranked.get(1);
                sb.append(" vs ").append(next.name()).append(' ').append(number(next.mase()));
            }
        } else {
            sb.append("mean of the best ").append(choice.models().size()).append(" of ").append(ranked.size())
                    .append(" models backtested better: MASE ").append(number(choice.mase())).append(" vs ")
                    .append(best.name()).append(' ').append(number(best.mase()));
        }
        return sb.toString();
    }

    /** A model's backtest forecasts, and how they scored; a combination averages its members'. */
    private record Candidate(List<ForecastModel> models, double[][] inner, double mase) {

        static Candidate mean(List<Candidate> members, History raw, int[] origins, double[] weights, double scale) {
            double[][] inner = new double[origins.length][];
            List<ForecastModel> models = new ArrayList<>();
            for (int j = 0; j < origins.length; j++) {
                inner[j] = new double[members.get(0).inner()[j].length];
                for (Candidate c : members) {
                    for (int k = 0; k < inner[j].length; k++) {
                        inner[j][k] += c.inner()[j][k] / members.size();
                    }
                }
            }
            for (Candidate c : members) {
                models.add(c.models().get(0));
            }
            return new Candidate(models, inner, error(raw, origins, inner, weights) / scale);
        }

        String name() {
            if (models.size() == 1) {
                return models.get(0).name();
            }
            StringBuilder sb = new StringBuilder("combo(");
            for (int i = 0; i < models.size(); i++) {
                sb.append(i > 0 ? "," : "").append(models.get(i).name());
            }
            return sb.append(')').toString();
        }

        double[] forecast(History history, int horizon) {
            double[] mean = new double[horizon];
            for (ForecastModel m : models) {
                double[] f = checked(m, m.forecast(history, horizon, Seasonality.of(history)), horizon);
                for (int k = 0; k < horizon; k++) {
                    mean[k] += f[k] / models.size();
                }
            }
            return mean;
        }

        /** The first member that cannot fit {@code history}. */
        ForecastModel failedModel(History history, int horizon) {
            for (ForecastModel m : models) {
                try {
                    checked(m, m.forecast(history, horizon, Seasonality.of(history)), horizon);
                } catch (RuntimeException e) {
                    return m;
                }
            }
            throw new IllegalStateException("no member of " + name() + " fails");
        }

        double[][] errors(History raw, int[] origins) {
            double[][] e = new double[origins.length][];
            for (int j = 0; j < origins.length; j++) {
                e[j] = IntervalCalibrator.errors(raw, origins[j], inner[j]);
            }
            return e;
        }
    }

    private static double[] checked(ForecastModel model, double[] f, int horizon) {
        if (f == null || f.length != horizon) {
            throw new ForecastException(model.name() + " returned " + (f == null ? "nothing" : f.length + " steps")
                    + " instead of " + horizon);
        }
        for (double v : f) {
            if (!Double.isFinite(v)) {
                throw new ForecastException(model.name() + " returned a non-finite value");
            }
        }
        return f;
    }

    /** Weighted mean over origins of the mean absolute error; missing actuals are left out. */
    private static double error(History raw, int[] origins, double[][] inner, double[] weights) {
        double sum = 0;
        double weight = 0;
        for (int j = 0; j < origins.length; j++) {
            double abs = 0;
            int count = 0;
            for (int k = 0; k < inner[j].length; k++) {
                double actual = raw.value(origins[j] + k);
                if (!Double.isNaN(actual)) {
                    abs += Math.abs(actual - inner[j][k]);
                    count++;
                }
            }
            if (count > 0) {
                sum += weights[j] * abs / count;
                weight += weights[j];
            }
        }
        return weight == 0 ? Double.POSITIVE_INFINITY : sum / weight;
    }

    /**
     * The error scale of the window (as the benchmark's MASE): mean absolute difference at a lag
     * of one day where two days allow it, else of one step; 1 when that is zero.
     */
    static double scale(History filled) {
        double[] y = filled.values();
        int d = filled.stepsPerDay();
        double level = 0;
        for (double v : y) {
            level += Math.abs(v);
        }
        // differences at rounding level (an exactly periodic series) are no scale: MASE would explode
        double negligible = 1e-9 * (level / Math.max(1, y.length) + 1e-12);
        for (int m : new int[] {y.length >= 2 * d ? d : 1, 1}) {
            double sum = 0;
            for (int t = m; t < y.length; t++) {
                sum += Math.abs(y[t] - y[t - m]);
            }
            if (sum / (y.length - m) > negligible) {
                return sum / (y.length - m);
            }
        }
        return 1;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
