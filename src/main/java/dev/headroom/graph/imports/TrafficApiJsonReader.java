package dev.headroom.graph.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.graph.GraphImportException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a saved response of the Prometheus HTTP API: {@code /api/v1/query_range} (resultType
 * {@code matrix}, {@code values: [[time, "value"], ...]}) or {@code /api/v1/query} (resultType
 * {@code vector}, {@code value: [time, "value"]}). Errors name the JSON location, e.g.
 * {@code data.result[3].values[5]}; JSON syntax errors name the line.
 */
final class TrafficApiJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The series of the response and the API's warnings, which become notes. */
    record Response(List<TrafficSeries> series, List<String> warnings) {
    }

    private final String file;

    private TrafficApiJsonReader(String file) {
        this.file = file;
    }

    /**
     * @throws GraphImportException for a JSON syntax error (with its line), an error status (with
     *                              the API's error text) or a shape that is not a query result
     */
    static Response read(String file, Reader in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new GraphImportException(file, line, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new TrafficApiJsonReader(file).response(root);
    }

    private Response response(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw shape("(top level)", "expected an object {\"status\": ..., \"data\": ...} as /api/v1/query_range returns");
        }
        String status = root.path("status").asText("");
        if (status.equals("error")) {
            throw new GraphImportException(file, 0, "the Prometheus API answered with an error ("
                    + root.path("errorType").asText("no errorType") + "): " + root.path("error").asText("no error text")
                    + "; export the query again");
        }
        if (!status.equals("success")) {
            throw shape("status", "expected \"success\" or \"error\", found " + describe(root.get("status")));
        }
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add("Prometheus warned: " + w.asText()));
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw shape("data", "expected an object with resultType and result, found " + describe(data));
        }
        String resultType = data.path("resultType").asText("");
        if (!resultType.equals("matrix") && !resultType.equals("vector")) {
            throw shape("data.resultType", "expected \"matrix\" (query_range) or \"vector\" (query), found "
                    + describe(data.get("resultType")) + "; a scalar or string result names no services");
        }
        JsonNode result = data.get("result");
        if (result == null || !result.isArray()) {
            throw shape("data.result", "expected an array of series, found " + describe(result));
        }
        List<TrafficSeries> series = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            series.add(series(result.get(i), "data.result[" + i + "]", resultType.equals("matrix")));
        }
        return new Response(series, warnings);
    }

    private TrafficSeries series(JsonNode node, String where, boolean matrix) {
        if (!node.isObject()) {
            throw shape(where, "expected an object with metric and " + (matrix ? "values" : "value") + ", found " + describe(node));
        }
        JsonNode metric = node.get("metric");
        if (metric == null || !metric.isObject()) {
            throw shape(where + ".metric", "expected an object of labels, found " + describe(metric));
        }
        Map<String, String> labels = new TreeMap<>();
        String name = null;
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            if (!label.getValue().isTextual()) {
                throw shape(where + ".metric." + label.getKey(), "expected a string, found " + describe(label.getValue()));
            }
            if (label.getKey().equals("__name__")) {
                name = label.getValue().asText();
            } else {
                labels.put(label.getKey(), label.getValue().asText());
            }
        }
        TrafficSeries series = new TrafficSeries(name, labels, where);
        if (matrix) {
            JsonNode values = node.get("values");
            if (values == null || !values.isArray()) {
                throw shape(where + ".values", "expected an array of [time, \"value\"] pairs, found " + describe(values));
            }
            for (int i = 0; i < values.size(); i++) {
                series.add(sample(values.get(i), where + ".values[" + i + "]"));
            }
        } else {
            series.add(sample(node.get("value"), where + ".value"));
        }
        return series;
    }

    private TrafficSeries.Sample sample(JsonNode pair, String where) {
        if (pair == null || !pair.isArray() || pair.size() != 2) {
            throw shape(where, "expected a [time, \"value\"] pair, found " + describe(pair));
        }
        JsonNode time = pair.get(0);
        if (!time.isNumber() || !Double.isFinite(time.asDouble())) {
            throw shape(where + "[0]", "expected the sample time as a number of Unix seconds, found " + describe(time));
        }
        Double value = pair.get(1).isTextual() ? PromTextParser.number(pair.get(1).asText()) : null;
        if (value == null) {
            throw shape(where + "[1]", "bad number " + describe(pair.get(1)) + " (expected a string such as \"12.5\", \"+Inf\" or \"NaN\")");
        }
        return new TrafficSeries.Sample(PromTextParser.seconds(time.asDouble()), value, 0);
    }

    private GraphImportException shape(String where, String problem) {
        return new GraphImportException(file, 0, "at " + where + ": " + problem);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
