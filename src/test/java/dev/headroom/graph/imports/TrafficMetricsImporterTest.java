package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class TrafficMetricsImporterTest {
    private final TrafficMetricsImporter importer = new TrafficMetricsImporter();

    @TempDir
    Path dir;

    @Test
    void counterDropIsAResetAndTheNewValueCountsAsIncrease() throws IOException {
        GraphImport result = importer.read(write("reset.prom", """
                istio_requests_total{source_workload="a",destination_workload="b"} 100 1790000000000
                istio_requests_total{source_workload="a",destination_workload="b"} 200 1790000060000
                istio_requests_total{source_workload="a",destination_workload="b"} 50 1790000120000
                istio_requests_total{source_workload="a",destination_workload="b"} 150 1790000180000
                """));

        assertThat(result.edges()).singleElement().satisfies(edge -> {
            assertThat(edge.weight()).isCloseTo(250.0 / 180, within(1e-9));
            assertThat(edge.evidence()).isEqualTo("traffic istio_requests_total over 3m (4 samples)");
        });
        assertThat(result.notes()).anyMatch(note -> note.startsWith("counted 1 counter reset"));
    }

    @Test
    void samplesOutOfOrderAreSortedByTimeBeforeTheRate() throws IOException {
        GraphImport result = importer.read(write("order.prom", """
                traces_service_graph_request_total{client="a",server="b"} 160 1790000120
                traces_service_graph_request_total{client="a",server="b"} 40 1790000000
                traces_service_graph_request_total{client="a",server="b"} 100 1790000060
                """));

        assertThat(result.edges()).singleElement().extracting(Dependency::weight).isEqualTo(1.0);
        assertThat(result.notes()).noneMatch(note -> note.contains("reset"));
    }

    @Test
    void rateNamedSeriesAreAveragedAndSummedOverTheirOtherLabels() throws IOException {
        GraphImport result = importer.read(write("rates.prom", """
                # TYPE workload:istio_requests_total:rate5m gauge
                workload:istio_requests_total:rate5m{source_workload="a",destination_workload="b",response_code="200"} 10 1790000000000
                workload:istio_requests_total:rate5m{source_workload="a",destination_workload="b",response_code="200"} 14 1790000300000
                workload:istio_requests_total:rate5m{source_workload="a",destination_workload="b",response_code="500"} 1 1790000000000
                istio_requests_rate{source_workload="c",destination_workload="b"} 3.5
                """));

        assertThat(result.edges()).extracting(Dependency::from, Dependency::to, Dependency::weight,
                Dependency::evidence).containsExactly(
                tuple("a", "b", 13.0, "traffic workload:istio_requests_total:rate5m over 5m (3 samples)"),
                tuple("c", "b", 3.5, "traffic istio_requests_rate at an unstated time (1 sample)"));
    }

    @Test
    void tcpBytesWeighAnEdgeInBytesPerSecondUnlessRequestsAreSeenForIt() throws IOException {
        GraphImport result = importer.read(write("tcp.prom", """
                istio_tcp_sent_bytes_total{source_workload="cart",destination_workload="redis"} 0 1790000000
                istio_tcp_sent_bytes_total{source_workload="cart",destination_workload="redis"} 6000 1790000060
                istio_tcp_sent_bytes_total{source_workload="web",destination_workload="cart"} 0 1790000000
                istio_tcp_sent_bytes_total{source_workload="web",destination_workload="cart"} 600 1790000060
                istio_requests_total{source_workload="web",destination_workload="cart"} 0 1790000000
                istio_requests_total{source_workload="web",destination_workload="cart"} 120 1790000060
                """));

        assertThat(result.edges()).extracting(Dependency::from, Dependency::weight).containsExactlyInAnyOrder(
                tuple("cart", 100.0), tuple("web", 2.0));
        assertThat(result.notes()).anyMatch(note -> note.contains("web → cart in istio_tcp_sent_bytes_total (bytes/s)"));
    }

    @Test
    void aSingleScrapeWithoutTimestampsGivesEdgesOfUnknownRate() throws IOException {
        GraphImport result = importer.read(write("scrape.prom", """
                # HELP istio_requests_total Total requests, with a \\\\ and a \\n in the help text.
                # TYPE istio_requests_total counter
                istio_requests_total{source_workload="a",destination_workload="b",path="/x?q=\\"1\\"\\\\"} 17
                """));

        assertThat(result.edges()).singleElement().satisfies(edge -> {
            assertThat(edge.weight()).isZero();
            assertThat(edge.evidence()).isEqualTo("traffic istio_requests_total at one instant (1 sample)");
        });
        assertThat(result.notes()).anyMatch(note -> note.startsWith("weight 0 (rate unknown) for 1 edge"));
    }

    @Test
    void openMetricsExemplarsAndTheEndMarkerAreHonoured() throws IOException {
        GraphImport result = importer.read(write("exemplar.om", """
                traces_service_graph_request_total{client="a",server="b"} 0 1790000000.0
                traces_service_graph_request_total{client="a",server="b"} 30 1790000010.5 # {trace_id="abc"} 1.0 1790000010.1
                # EOF
                this line after the end marker is not read
                """));

        assertThat(result.edges()).singleElement().extracting(Dependency::weight).isEqualTo(30 / 10.5);
    }

    @Test
    void unknownEndsSelfCallsAndInvalidNamesMakeNoEdgeButAreNoted() throws IOException {
        GraphImport result = importer.read(write("noise.prom", """
                istio_requests_total{source_workload="unknown",destination_workload="web"} 5
                istio_requests_total{source_workload="web",destination_workload=""} 5
                istio_requests_total{source_workload="web",destination_workload="web"} 5
                istio_requests_total{source_workload="web",destination_workload="bad name"} 5
                istio_requests_total{destination_workload="web"} 5
                istio_requests_total{source_workload="web",destination_workload="cart"} 5
                """));

        assertThat(result.edges()).extracting(Dependency::to).containsExactly("cart");
        assertThat(result.services()).extracting(s -> s.name()).containsExactly("web", "cart");
        assertThat(result.services().get(0).evidence()).isEqualTo(dir.resolve("noise.prom") + ":1");
        assertThat(String.join("\n", result.notes())).contains(
                "skipped 2 series whose source or destination is unknown or empty",
                "skipped 1 series of a workload calling itself: web (line 3)",
                "\"bad name\" (line 4)",
                "skipped 1 series without their source and destination labels");
    }

    @Test
    void exportWithoutServiceGraphMetricsIsRejected() throws IOException {
        Path file = write("node.prom", """
                node_cpu_seconds_total{cpu="0",mode="idle"} 123 1790000000000
                """);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOf(GraphImportException.class)
                .hasMessageContaining("no service-graph metric found")
                .hasMessageContaining("node_cpu_seconds_total (1 series)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no value             | istio_requests_total{source_workload="a",destination_workload="b"}          | no value after "istio_requests_total"
            bad number           | istio_requests_total{source_workload="a",destination_workload="b"} 12x      | bad value "12x" at column 68
            bad timestamp        | istio_requests_total{source_workload="a",destination_workload="b"} 12 noon  | bad timestamp "noon"
            unclosed label set   | istio_requests_total{source_workload="a",destination_workload="b" 12        | unbalanced braces: the label set opened at column 21 is not closed
            stray closing brace  | istio_requests_total source_workload="a"} 12                                 | unbalanced braces at column 22
            unclosed label value | istio_requests_total{source_workload="a} 12                                  | the value of label source_workload opened at column 38 is not closed
            missing comma        | istio_requests_total{source_workload="a" destination_workload="b"} 12       | expected ',' or '}' after the value of label source_workload
            duplicate label      | istio_requests_total{source_workload="a",source_workload="b"} 12            | label source_workload appears twice
            unknown escape       | istio_requests_total{source_workload="a\\tb"} 12                            | unknown escape \\t
            no metric name       | {source_workload="a"} 12                                                     | expected a metric name, found "{"
            text after timestamp | istio_requests_total{source_workload="a"} 12 1790000000000 extra             | unexpected "extra" after the timestamp
            negative counter     | istio_requests_total{source_workload="a",destination_workload="b"} -3       | negative counter value -3.0
            """)
    void malformedLineIsRejectedWithFileAndLine(String problem, String line, String message) throws IOException {
        Path file = write("bad.prom", "# TYPE istio_requests_total counter\n"
                + "istio_requests_total{source_workload=\"x\",destination_workload=\"y\"} 1 1790000000000\n" + line + "\n");

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.operatorMessage()).startsWith(file + " line 3: ").contains(message);
        });
    }

    @Test
    void sameSeriesTwiceAtOneTimeIsRejectedAtTheSecondLine() throws IOException {
        Path file = write("twice.prom", """
                istio_requests_total{source_workload="a",destination_workload="b"} 1 1790000000000
                istio_requests_total{destination_workload="b",source_workload="a"} 2 1790000000000
                """);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.operatorMessage()).contains("two samples of istio_requests_total{destination_workload=\"b\",source_workload=\"a\"}");
        });
    }

    @Test
    void severalSamplesOfASeriesNeedTimestamps() throws IOException {
        Path file = write("notime.prom", """
                istio_requests_total{source_workload="a",destination_workload="b"} 1 1790000000000
                istio_requests_total{source_workload="a",destination_workload="b"} 2
                """);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.operatorMessage()).contains("has no timestamp");
        });
    }

    @Test
    void apiErrorStatusIsReportedWithTheApiText() throws IOException {
        Path file = write("error.json", """
                {"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error: unexpected"}
                """);

        assertThat(importer.accepts(file)).isTrue();
        assertThatThrownBy(() -> importer.read(file)).isInstanceOf(GraphImportException.class)
                .hasMessageContaining("the Prometheus API answered with an error (bad_data): "
                        + "invalid parameter \"query\": 1:5: parse error: unexpected");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            top-level array   | []                                                                              | at (top level): expected an object
            unknown status    | {"status":"pending"}                                                            | at status: expected "success" or "error", found "pending"
            no data           | {"status":"success"}                                                            | at data: expected an object with resultType and result, found nothing
            scalar result     | {"status":"success","data":{"resultType":"scalar","result":[1790000000,"1"]}}   | at data.resultType: expected "matrix" (query_range) or "vector" (query), found "scalar"
            result not array  | {"status":"success","data":{"resultType":"matrix","result":{}}}                 | at data.result: expected an array of series
            metric not object | {"status":"success","data":{"resultType":"matrix","result":[{"metric":[],"values":[]}]}} | at data.result[0].metric: expected an object of labels
            values not pairs  | {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1790000000]]}]}} | at data.result[0].values[0]: expected a [time, "value"] pair
            value not string  | {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1790000000,3]}]}} | at data.result[0].value[1]: bad number 3
            time not number   | {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["now","3"]}]}} | at data.result[0].value[0]: expected the sample time as a number
            """)
    void wrongApiJsonShapeIsRejectedWithItsLocation(String problem, String json, String message) throws IOException {
        Path file = write("shape.json", json);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.operatorMessage()).contains(message);
        });
    }

    @Test
    void jsonSyntaxErrorNamesTheLine() throws IOException {
        Path file = write("broken.json", "{\"status\":\"success\",\n\"data\": {\"resultType\": \"matrix\",\n\"result\": [}\n");

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.operatorMessage()).contains("not valid JSON");
        });
    }

    @Test
    void apiWarningsBecomeNotes() throws IOException {
        GraphImport result = importer.read(write("warn.json", """
                {"status":"success","warnings":["results truncated"],"data":{"resultType":"vector","result":[
                 {"metric":{"client":"a","server":"b"},"value":[1790000000,"2.5"]}]}}
                """));

        assertThat(result.edges()).singleElement().extracting(Dependency::weight).isEqualTo(2.5);
        assertThat(result.notes()).contains("Prometheus warned: results truncated");
    }

    @Test
    void acceptsExportsOfServiceGraphMetricsOnly() throws IOException {
        assertThat(importer.accepts(write("mesh.prom", "istio_requests_total{} 1\n"))).isTrue();
        assertThat(importer.accepts(write("otel.txt", "traces_service_graph_request_total{} 1\n"))).isTrue();
        assertThat(importer.accepts(write("node.prom", "node_load1 0.5\n"))).isFalse();
        assertThat(importer.accepts(write("deps.json", "[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":1}]"))).isFalse();
        assertThat(importer.accepts(write("compose.yaml", "istio_requests_total: 1\n"))).isFalse();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
