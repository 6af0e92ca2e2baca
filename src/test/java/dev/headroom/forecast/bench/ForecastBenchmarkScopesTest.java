package dev.headroom.forecast.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastBenchmarkScopesTest {

    @Test
    void csvFieldsHonourQuotes() {
        assertThat(ForecastBenchmark.csvFields("a,\"b, c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b, c",
                "say \"hi\"", "");
    }

    @Test
    void scopesSplitBySourceAndTierAndDropEmptyOnes() {
        ForecastBenchmark.SeriesScore x = score("x", Protocol.Tier.SHORT, 2);
        ForecastBenchmark.SeriesScore y = score("y", Protocol.Tier.SHORT, 4);
        Map<String, List<ForecastBenchmark.SeriesScore>> scores = Map.of(ForecastBenchmark.REFERENCE, List.of(x, y));
        Map<String, List<ForecastBenchmark.ModelScore>> scopes =
                ForecastBenchmark.scopes(scores, Map.of("x", "one", "y", "two"));
        assertThat(scopes.keySet()).containsExactly("all", "short_tier", "source:one", "source:two");
        assertThat(scopes.get("source:two").get(0).mase()).isEqualTo(4);
        assertThat(scopes.get("all").get(0).mase()).isEqualTo(3);
    }

    private static ForecastBenchmark.SeriesScore score(String id, Protocol.Tier tier, double mase) {
        return new ForecastBenchmark.SeriesScore(id, tier, mase, 10, 0.8, 0.95, 5, 0.001, 0);
    }
}
