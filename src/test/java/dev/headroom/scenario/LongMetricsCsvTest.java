package dev.headroom.scenario;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LongMetricsCsvTest {

    @Test
    void seriesKeysComeFromTheCallersMapperAndEqualKeysMerge() {
        String csv = "series_id,timestamp,value\n"
                + "A,2024-01-01T00:00:00Z,1\na,2024-01-01T00:05:00Z,2\nB,2024-01-01T00:00:00Z,3\n";
        List<String> notes = new ArrayList<>();

        List<LongMetricsCsv.Series<String>> series = LongMetricsCsv.read(new StringReader(csv), "x.csv",
                id -> id.toLowerCase(Locale.ROOT), notes);

        assertThat(series).extracting(LongMetricsCsv.Series::key).containsExactly("a", "b");
        assertThat(series.get(0).values()).containsExactly(1, 2);
        assertThat(series.get(0).firstLine()).isEqualTo(2);
        assertThat(series.get(1).step().getSeconds()).isEqualTo(300);
    }

    @Test
    void stepIsTheMostCommonDifferenceEvenWhenGapsComeFirst() {
        String csv = "series_id,timestamp,value\n"
                + "s,2024-01-01T00:00:00Z,1\ns,2024-01-01T00:03:00Z,2\ns,2024-01-01T00:04:00Z,3\n"
                + "s,2024-01-01T00:05:00Z,4\ns,2024-01-01T00:06:00Z,5\n";

        LongMetricsCsv.Series<String> s = LongMetricsCsv.read(new StringReader(csv), "x.csv", Function.identity(),
                new ArrayList<>()).get(0);

        assertThat(s.step().getSeconds()).isEqualTo(60);
        assertThat(s.start()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(s.values()).containsExactly(1, Double.NaN, Double.NaN, 2, 3, 4, 5);
        assertThat(s.gaps()).isEqualTo(2);
    }

    /** The shared load traces: a long-format file of another origin, checked against its metadata. */
    @Test
    void sharedTracesParseIntoTheSeriesTheirMetadataDescribes() throws IOException {
        Path traces = Path.of(System.getProperty("headroom.shared.data", "../shared/data")).resolve("traces");
        assumeTrue(Files.isRegularFile(traces.resolve("series.csv")), "shared traces not present at " + traces);
        Map<String, Long> steps = new HashMap<>();
        Map<String, Integer> points = new HashMap<>();
        try (CsvTable meta = CsvTable.open(Files.newBufferedReader(traces.resolve("metadata.csv")), "metadata.csv",
                List.of("series_id", "step_seconds"), List.of(), new ArrayList<>())) {
            while (meta.next()) {
                steps.put(meta.text("series_id"), (long) meta.number("step_seconds"));
            }
        }
        try (CsvTable prov = CsvTable.open(Files.newBufferedReader(traces.resolve("provenance.csv")),
                "provenance.csv", List.of("series_id", "n_points"), List.of(), new ArrayList<>())) {
            while (prov.next()) {
                points.put(prov.text("series_id"), (int) prov.number("n_points"));
            }
        }
        List<String> notes = new ArrayList<>();

        List<LongMetricsCsv.Series<String>> series = LongMetricsCsv.read(traces.resolve("series.csv"),
                Function.identity(), notes);

        assertThat(series).hasSize(steps.size());
        for (LongMetricsCsv.Series<String> s : series) {
            assertThat(s.step().getSeconds()).as(s.key()).isEqualTo(steps.get(s.key()));
            assertThat(s.size()).as(s.key()).isEqualTo(points.get(s.key()));
            assertThat(s.gaps()).as(s.key()).isZero();
        }
        assertThat(notes).isEmpty();
    }
}
