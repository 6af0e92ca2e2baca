package dev.headroom.forecast;

import dev.headroom.domain.Host;
import dev.headroom.domain.ScheduledEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduled events (campaigns, sales, releases) shift load over their span. A model fitted on
 * history that contains past events would learn them as noise or as a false season, and would
 * not know about the next one. So, per series: past events are divided out of the history
 * before fitting, the forecast is made on the cleaned history, and events in the forecast span
 * are multiplied back in.
 *
 * <p>The effect of an event is learned from past events of the same name in the series' own
 * history — load during the event against the same hours one week (or, with less history, one
 * day) earlier, the median over occurrences — and otherwise taken from the entered load factor.
 */
public final class EventEffects {

    /** The factor used for events of one name, and where it comes from. */
    public record Effect(String name, double factor, int learnedFrom) {
        public String describe() {
            return learnedFrom > 0
                    ? String.format(java.util.Locale.ROOT, "%s ×%.2f (learned from %d past event%s)", name, factor,
                    learnedFrom, learnedFrom == 1 ? "" : "s")
                    : String.format(java.util.Locale.ROOT, "%s ×%.2f (as entered)", name, factor);
        }
    }

    private EventEffects() {
    }

    /** Events whose scope is {@code *}, one of the host's services, or its region. */
    public static List<ScheduledEvent> applicable(List<ScheduledEvent> events, Host host) {
        return events.stream().filter(e -> e.scope().equals(ScheduledEvent.ALL) || host.services().contains(e.scope())
                || host.region().equals(e.scope())).toList();
    }

    /** The effect per event name for this series: learned where its history holds past events. */
    public static Map<String, Effect> learn(History h, List<ScheduledEvent> events) {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, Double> entered = new LinkedHashMap<>();
        for (ScheduledEvent e : events) {
            entered.putIfAbsent(e.name(), e.loadFactor());
            ratios.computeIfAbsent(e.name(), n -> new ArrayList<>());
            if (!e.end().isAfter(h.start()) || e.start().isBefore(h.start()) || e.end().isAfter(h.end())) {
                continue; // only events wholly inside the history can be measured
            }
            for (Duration lag : new Duration[] {Duration.ofDays(7), Duration.ofDays(1)}) {
                Instant baseStart = e.start().minus(lag);
                if (baseStart.isBefore(h.start()) || overlapsAnother(events, e, baseStart, e.end().minus(lag))) {
                    continue;
                }
                double during = mean(h, e.start(), e.end());
                double before = mean(h, baseStart, e.end().minus(lag));
                if (!Double.isNaN(during) && !Double.isNaN(before) && before > 0) {
                    ratios.get(e.name()).add(during / before);
                }
                break;
            }
        }
        Map<String, Effect> out = new LinkedHashMap<>();
        for (var en : entered.entrySet()) {
            List<Double> r = ratios.get(en.getKey());
            if (r.isEmpty()) {
                out.put(en.getKey(), new Effect(en.getKey(), en.getValue(), 0));
            } else {
                double[] sorted = r.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
                out.put(en.getKey(), new Effect(en.getKey(), median, sorted.length));
            }
        }
        return out;
    }

    /** The history with past events divided out, so the model sees the load without them. */
    public static History clean(History h, List<ScheduledEvent> events, Map<String, Effect> effects) {
        double[] y = h.values();
        boolean changed = false;
        for (ScheduledEvent e : events) {
            double f = effects.get(e.name()).factor();
            for (int i = firstStep(h.start(), h.step(), e.start()); i < y.length && h.time(i).isBefore(e.end()); i++) {
                if (i >= 0 && !Double.isNaN(y[i])) {
                    y[i] /= f;
                    changed = true;
                }
            }
        }
        return changed ? new History(h.id(), h.start(), h.step(), y) : h;
    }

    /** The forecast with events in its span multiplied in (point and bounds alike). */
    public static Forecast apply(Forecast f, List<ScheduledEvent> events, Map<String, Effect> effects) {
        double[] factor = new double[f.horizon()];
        Arrays.fill(factor, 1);
        List<String> used = new ArrayList<>();
        for (ScheduledEvent e : events) {
            double fe = effects.get(e.name()).factor();
            boolean hit = false;
            for (int k = Math.max(0, firstStep(f.start(), f.step(), e.start())); k < f.horizon()
                    && f.time(k).isBefore(e.end()); k++) {
                factor[k] *= fe;
                hit = true;
            }
            if (hit && !used.contains(effects.get(e.name()).describe())) {
                used.add(effects.get(e.name()).describe());
            }
        }
        if (used.isEmpty()) {
            return f;
        }
        return new Forecast(f.seriesId(), f.start(), f.step(), times(f.mean(), factor), times(f.lowerInner(), factor),
                times(f.upperInner(), factor), times(f.lowerOuter(), factor), times(f.upperOuter(), factor),
                f.levels(), f.model(), f.reason() + "; scheduled events: " + String.join(", ", used), f.backtestMase());
    }

    private static boolean overlapsAnother(List<ScheduledEvent> events, ScheduledEvent self, Instant from, Instant to) {
        return events.stream().anyMatch(o -> o != self && o.start().isBefore(to) && o.end().isAfter(from));
    }

    private static int firstStep(Instant start, Duration step, Instant t) {
        long s = step.getSeconds();
        return (int) -Math.floorDiv(-(t.getEpochSecond() - start.getEpochSecond()), s);
    }

    private static double mean(History h, Instant from, Instant to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, firstStep(h.start(), h.step(), from)); i < h.size() && h.time(i).isBefore(to); i++) {
            if (!Double.isNaN(h.value(i))) {
                sum += h.value(i);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double[] times(double[] a, double[] factor) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * factor[i];
        }
        return out;
    }
}
