package dev.headroom.forecast;

import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Histories and forecasts of a group of hosts (a service, or the whole fleet) for one metric.
 *
 * <p>The history of a group is, per step, the mean utilisation of its hosts weighted by each
 * host's capacity of that resource ({@link dev.headroom.domain.Capacity#of}): a 16-core host at
 * 80 % and a 4-core host at 20 % make 68 %, the share of the group's cores in use. When any of the
 * hosts does not know its capacity of the resource (0, as imported network and disk often are),
 * all hosts weigh the same, because mixing known and made-up weights would be neither. A missing
 * sample is left out of its step and the weights of the hosts present are renormalised; a step
 * where no host has a sample stays {@code NaN}.
 */
public final class AggregateHistories {
    private AggregateHistories() {
    }

    /** The hosts of {@code hosts} that run {@code service}, in their order. */
    public static List<Host> hostsOf(String service, List<Host> hosts) {
        return hosts.stream().filter(h -> h.services().contains(service)).toList();
    }

    /**
     * The capacity-weighted mean utilisation of {@code hosts} for {@code metric}.
     *
     * <p>Series may differ in start and step: the result runs from the earliest start to the
     * latest end at the finest step, and a sample of a coarser series counts in every step its
     * interval covers, since it is the mean over that interval.
     *
     * @param id     the id of the result, e.g. {@code service:checkout/cpu}
     * @param series stored series by host id; hosts without an entry are left out
     * @return empty when none of {@code hosts} has a series
     */
    public static Optional<History> of(String id, List<Host> hosts, Metric metric, Map<String, MetricSeries> series) {
        List<MetricSeries> present = new ArrayList<>();
        List<Double> capacities = new ArrayList<>();
        for (Host h : hosts) {
            MetricSeries s = series.get(h.id());
            if (s != null && s.size() > 0) {
                present.add(s);
                capacities.add(h.capacity().of(metric));
            }
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        boolean capacityKnown = capacities.stream().allMatch(c -> Double.isFinite(c) && c > 0);

        long step = present.stream().mapToLong(s -> s.step().getSeconds()).min().orElseThrow();
        long start = present.stream().mapToLong(s -> s.start().getEpochSecond()).min().orElseThrow();
        long end = present.stream().mapToLong(s -> s.end().getEpochSecond()).max().orElseThrow();
        int slots = (int) ceilDiv(end - start, step);
        double[] weightSum = new double[slots];
        double[] weightedSum = new double[slots];
        for (int i = 0; i < present.size(); i++) {
            MetricSeries s = present.get(i);
            double weight = capacityKnown ? capacities.get(i) : 1;
            long own = s.step().getSeconds();
            for (int k = 0; k < s.size(); k++) {
                double v = s.value(k);
                if (Double.isNaN(v)) {
                    continue;
                }
                long t = s.start().getEpochSecond() + own * k - start;
                int first = (int) ceilDiv(t, step);
                int last = (int) Math.min(slots, ceilDiv(t + own, step));
                for (int slot = first; slot < last; slot++) {
                    weightSum[slot] += weight;
                    weightedSum[slot] += weight * v;
                }
            }
        }
        double[] values = new double[slots];
        for (int slot = 0; slot < slots; slot++) {
            values[slot] = weightSum[slot] == 0 ? Double.NaN : weightedSum[slot] / weightSum[slot];
        }
        return Optional.of(new History(id, Instant.ofEpochSecond(start), Duration.ofSeconds(step), values));
    }

    /**
     * Forecasts a group's history for {@code horizon} from {@code at} the way
     * {@link ForecastService} forecasts one series: trained on at most
     * {@link ForecastService#TRAINING_WINDOW} of the samples before {@code at} (later samples in
     * {@code aggregate} are the actuals, not training), with the first step at or after {@code at}
     * and intervals at {@code levels}.
     *
     * @throws ForecastException when fewer than {@link ForecastService#MIN_SAMPLES} samples are
     *                           present, or the model cannot fit; the message is the reason
     */
    public static Forecast forecast(Forecaster forecaster, History aggregate, Instant at, Duration horizon,
                                    IntervalLevels levels) {
        History training = before(aggregate, at).tail(trainingSteps(aggregate.step()));
        long present = Arrays.stream(training.values()).filter(v -> !Double.isNaN(v)).count();
        if (present < ForecastService.MIN_SAMPLES) {
            throw new ForecastException("only " + present + " samples in the last "
                    + ForecastService.TRAINING_WINDOW.toDays() + " days; at least " + ForecastService.MIN_SAMPLES
                    + " are needed");
        }
        return ForecastService.forecastFrom(forecaster.prepare(List.of(training)), training, at, horizon, levels);
    }

    /** The samples of {@code h} that start before {@code at}. */
    static History before(History h, Instant at) {
        long n = ceilDiv(at.getEpochSecond() - h.start().getEpochSecond(), h.step().getSeconds());
        return h.head((int) Math.max(0, Math.min(h.size(), n)));
    }

    private static int trainingSteps(Duration step) {
        return (int) (ForecastService.TRAINING_WINDOW.getSeconds() / step.getSeconds());
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
