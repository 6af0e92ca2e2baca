package dev.headroom.scenario;

import dev.headroom.domain.DomainException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Metric history in long format, {@code series_id,timestamp,value}, turned into regular series.
 *
 * <p>Rows are grouped by series (in order of first appearance) and sorted by time, so files need
 * not be sorted. Each series' step is the most common difference between its consecutive
 * timestamps (the smaller one on a tie) and must be a whole number of seconds; missing steps
 * become {@code NaN} samples and are noted. A timestamp off the series' grid, or one that occurs
 * twice, is an error naming its line. A series with a single sample takes the step most common
 * among the file's other series, or {@link #FALLBACK_STEP} when there is none.
 *
 * <p>The caller maps raw series ids to its own keys (for scenarios {@code <host_id>/<metric>};
 * for other traces the id itself); a mapper's {@link DomainException} becomes an error at the
 * line that first names the series. Raw ids that map to equal keys form one series.
 */
public final class LongMetricsCsv {
    public static final String SERIES_ID = "series_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String VALUE = "value";
    public static final Duration FALLBACK_STEP = Duration.ofMinutes(5);

    /** Guards against a stray timestamp years away turning one series into a huge array. */
    private static final long MAX_SLOTS = 100_000_000L;

    /**
     * One series on its grid. {@code values} has {@code NaN} where a sample is missing;
     * {@code gaps} counts them; {@code firstLine} is where the series first appears.
     */
    public record Series<K>(K key, Instant start, Duration step, double[] values, int gaps, int firstLine) {
        public int size() {
            return values.length;
        }
    }

    private LongMetricsCsv() {
    }

    /**
     * Reads a long-format file ({@code .gz} is decompressed), adding gap notes to {@code notes}.
     *
     * @throws ScenarioException naming the file, line and field of the first problem
     */
    public static <K> List<Series<K>> read(Path file, Function<String, K> seriesKey, List<String> notes) {
        String name = file.getFileName().toString();
        try (Reader in = Sources.reader(file)) {
            return read(in, name, seriesKey, notes);
        } catch (IOException e) {
            throw ScenarioException.unreadable(name, e);
        }
    }

    /** As {@link #read(Path, Function, List)}, from an open reader; {@code file} names it in messages. */
    public static <K> List<Series<K>> read(Reader in, String file, Function<String, K> seriesKey, List<String> notes) {
        List<Rows<K>> order = new ArrayList<>();
        try (CsvTable table = CsvTable.open(in, file, List.of(SERIES_ID, TIMESTAMP, VALUE), List.of(), notes)) {
            int idCol = table.index(SERIES_ID);
            int timeCol = table.index(TIMESTAMP);
            int valueCol = table.index(VALUE);
            Map<String, Rows<K>> byRawId = new HashMap<>();
            Map<K, Rows<K>> byKey = new HashMap<>();
            String lastId = null;
            Rows<K> last = null;
            while (table.next()) {
                String id = table.get(idCol);
                if (!id.equals(lastId)) {
                    last = byRawId.get(id);
                    if (last == null) {
                        last = byKey.computeIfAbsent(key(table, id, seriesKey), k -> new Rows<>(k, table.line()));
                        if (last.size == 0) {
                            order.add(last);
                        }
                        byRawId.put(id, last);
                    }
                    lastId = id;
                }
                last.add(epochSecond(table, table.get(timeCol)), value(table, table.get(valueCol)), table.line());
            }
        }
        return toSeries(order, file, notes);
    }

    private static <K> K key(CsvTable table, String id, Function<String, K> seriesKey) {
        if (id.isEmpty()) {
            throw table.error(SERIES_ID, "the value is empty");
        }
        try {
            return seriesKey.apply(id);
        } catch (DomainException e) {
            throw table.error(e.field(), e.rule(), e);
        }
    }

    private static long epochSecond(CsvTable table, String text) {
        long t = Values.parseUtcSeconds(text);
        if (t != Long.MIN_VALUE) {
            return t;
        }
        if (text.isEmpty()) {
            throw table.error(TIMESTAMP, "the value is empty");
        }
        Instant i = Values.parseTime(text);
        if (i == null) {
            throw table.error(TIMESTAMP, CsvTable.badTime(text));
        }
        if (i.getNano() != 0) {
            throw table.error(TIMESTAMP, "\"" + text + "\" has a fraction of a second; metric samples are on whole seconds");
        }
        return i.getEpochSecond();
    }

    private static double value(CsvTable table, String text) {
        double v = Values.parseNumber(text);
        if (Double.isNaN(v)) {
            throw table.error(VALUE, text.isEmpty() ? "the value is empty (leave out the row of a missing sample)"
                    : CsvTable.badNumber(text));
        }
        return v;
    }

    private static <K> List<Series<K>> toSeries(List<Rows<K>> all, String file, List<String> notes) {
        long[] steps = new long[all.size()];
        Map<Long, Integer> stepCounts = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Rows<K> r = all.get(i);
            r.sortByTime();
            steps[i] = r.size > 1 ? r.step(file) : 0;
            if (steps[i] > 0) {
                stepCounts.merge(steps[i], 1, Integer::sum);
            }
        }
        long fileStep = stepCounts.entrySet().stream()
                .max(Comparator.<Map.Entry<Long, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(FALLBACK_STEP.getSeconds());
        List<Series<K>> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Rows<K> r = all.get(i);
            long step = steps[i];
            if (step == 0) {
                step = fileStep;
                notes.add(file + ": series " + r.key + " has a single sample (line " + r.firstLine
                        + "); its step is taken as " + step + " s");
            }
            Series<K> s = r.toSeries(file, step);
            if (s.gaps() > 0) {
                notes.add(file + ": series " + r.key + " misses " + s.gaps() + " of " + s.size()
                        + " samples (step " + step + " s); the gaps stay empty");
            }
            out.add(s);
        }
        return out;
    }

    /** The rows of one series as they are read: parallel primitive arrays, grown by doubling. */
    private static final class Rows<K> {
        final K key;
        final int firstLine;
        long[] times = new long[16];
        double[] values = new double[16];
        int[] lines = new int[16];
        int size;
        boolean sorted = true;

        Rows(K key, int firstLine) {
            this.key = key;
            this.firstLine = firstLine;
        }

        void add(long time, double value, int line) {
            if (size == times.length) {
                int n = size * 2;
                times = Arrays.copyOf(times, n);
                values = Arrays.copyOf(values, n);
                lines = Arrays.copyOf(lines, n);
            }
            if (size > 0 && time < times[size - 1]) {
                sorted = false;
            }
            times[size] = time;
            values[size] = value;
            lines[size] = line;
            size++;
        }

        /** Sorts by time, keeping file order among equal times so that a duplicate names its later line. */
        void sortByTime() {
            if (sorted) {
                return;
            }
            Integer[] idx = new Integer[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, Comparator.comparingLong(i -> times[i]));
            long[] t = new long[size];
            double[] v = new double[size];
            int[] l = new int[size];
            for (int i = 0; i < size; i++) {
                t[i] = times[idx[i]];
                v[i] = values[idx[i]];
                l[i] = lines[idx[i]];
            }
            times = t;
            values = v;
            lines = l;
            sorted = true;
        }

        /** The most common difference between consecutive times; the smaller one on a tie. */
        long step(String file) {
            for (int i = 1; i < size; i++) {
                if (times[i] == times[i - 1]) {
                    throw ScenarioException.inFile(file, lines[i], TIMESTAMP, "series " + key
                            + " already has a sample at " + Instant.ofEpochSecond(times[i]) + " (line " + lines[i - 1]
                            + "); each time may appear once per series");
                }
            }
            // Regular series are the rule: when the first difference is a majority, it is the mode.
            long first = times[1] - times[0];
            int same = 0;
            for (int i = 1; i < size; i++) {
                if (times[i] - times[i - 1] == first) {
                    same++;
                }
            }
            if (same * 2 > size - 1) {
                return first;
            }
            long[] diffs = new long[size - 1];
            for (int i = 1; i < size; i++) {
                diffs[i - 1] = times[i] - times[i - 1];
            }
            Arrays.sort(diffs);
            long best = diffs[0];
            int bestCount = 0;
            for (int i = 0; i < diffs.length; ) {
                int j = i;
                while (j < diffs.length && diffs[j] == diffs[i]) {
                    j++;
                }
                if (j - i > bestCount) {
                    best = diffs[i];
                    bestCount = j - i;
                }
                i = j;
            }
            return best;
        }

        Series<K> toSeries(String file, long step) {
            long start = times[0];
            long slots = (times[size - 1] - start) / step + 1;
            if (slots > MAX_SLOTS) {
                throw ScenarioException.inFile(file, lines[size - 1], TIMESTAMP, "series " + key + " would span "
                        + slots + " steps of " + step + " s from " + Instant.ofEpochSecond(start)
                        + "; check this timestamp");
            }
            double[] grid = new double[(int) slots];
            Arrays.fill(grid, Double.NaN);
            for (int i = 0; i < size; i++) {
                long offset = times[i] - start;
                if (offset % step != 0) {
                    throw ScenarioException.inFile(file, lines[i], TIMESTAMP, Instant.ofEpochSecond(times[i])
                            + " is not on the " + step + " s grid of series " + key + " (which starts at "
                            + Instant.ofEpochSecond(start) + "); the samples of a series must be whole steps apart");
                }
                grid[(int) (offset / step)] = values[i];
            }
            return new Series<>(key, Instant.ofEpochSecond(start), Duration.ofSeconds(step), grid,
                    (int) (slots - size), firstLine);
        }
    }
}
