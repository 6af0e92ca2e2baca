package dev.headroom.forecast.bench;

import dev.headroom.forecast.AutoForecaster;
import dev.headroom.forecast.History;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Auto on a sample of the DEV traces, when they are checked out next to the repository. */
class AutoOnDevDataTest {

    @Test
    void autoForecastsEveryOriginOfASampleOfDevSeries() throws Exception {
        Path traces = Path.of(System.getProperty("headroom.shared.data", "../shared/data"), "traces");
        assumeTrue(Files.isRegularFile(traces.resolve("series.csv")), "DEV traces not present");
        List<History> all = ForecastBenchmark.readSeries(traces.resolve("series.csv"));
        List<History> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) {
            sample.add(all.get(i));
        }
        Map<String, List<ForecastBenchmark.SeriesScore>> scores =
                new ForecastBenchmark(2).run(sample, List.of(AutoForecaster.create()));
        List<ForecastBenchmark.SeriesScore> auto = scores.get("auto");
        assertThat(auto).hasSize(sample.size());
        for (ForecastBenchmark.SeriesScore s : auto) {
            assertThat(s.failedOrigins()).as(s.seriesId()).isZero();
            assertThat(s.smape()).as(s.seriesId()).isFinite();
            assertThat(s.coverageOuter()).as(s.seriesId()).isBetween(0.0, 1.0);
        }
        Map<String, List<ForecastBenchmark.ModelScore>> scopes =
                ForecastBenchmark.scopes(scores, ForecastBenchmark.readSources(traces.resolve("metadata.csv")));
        assertThat(scopes.keySet()).contains("all", "short_tier").anyMatch(k -> k.startsWith("source:"));
    }
}
