package dev.headroom.graph.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import dev.headroom.graph.GraphImporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Jaeger's service dependencies as {@code /api/dependencies?endTs=…&lookback=…} returns them,
 * {@code {"data": [{"parent": "frontend", "child": "cart", "callCount": 123}, …]}}, or the bare
 * array.
 *
 * <p>Jaeger's answer does not say which period the counts cover. When the file has a top-level
 * {@code "lookback"} (milliseconds, the query parameter of the same name, written next to
 * {@code data} by whoever saved the answer), the weight is callCount divided by it: calls/s.
 * Otherwise the weight is the raw callCount, which ranks edges but is not a rate, and a note says
 * so. Parent and child pairs listed twice are added; self-calls make no edge and are noted.
 */
public final class JaegerDependenciesImporter implements GraphImporter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final int SNIFF_BYTES = 16_384;

    private record Pair(String parent, String child) {
    }

    @Override
    public String name() {
        return "jaeger";
    }

    /** A {@code .json} file whose first 16 KiB has the fields parent, child and callCount. */
    @Override
    public boolean accepts(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
            return head.contains("\"parent\"") && head.contains("\"child\"") && head.contains("\"callCount\"");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public GraphImport read(Path file) {
        String shown = file.toString();
        JsonNode root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new GraphImportException(shown, line, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GraphImportException(shown, 0, "cannot be read (" + e.getMessage() + ")", e);
        }
        return read(shown, root);
    }

    private GraphImport read(String file, JsonNode root) {
        JsonNode entries;
        String prefix;
        double lookbackSeconds = 0;
        if (root != null && root.isArray()) {
            entries = root;
            prefix = "";
        } else if (root != null && root.isObject()) {
            errors(file, root.get("errors"));
            entries = root.get("data");
            prefix = "data";
            JsonNode lookback = root.get("lookback");
            if (lookback != null && !lookback.isNull()) {
                if (!lookback.isNumber() || !(lookback.asDouble() > 0) || !Double.isFinite(lookback.asDouble())) {
                    throw shape(file, "lookback", "expected the query's lookback in milliseconds (a number > 0), found " + lookback);
                }
                lookbackSeconds = lookback.asDouble() / 1000.0;
            }
        } else {
            throw shape(file, "(top level)", "expected {\"data\": [...]} or an array of {parent, child, callCount}");
        }
        if (entries == null || !entries.isArray()) {
            throw shape(file, prefix, "expected an array of {parent, child, callCount}, found "
                    + (entries == null ? "nothing" : entries.toString()));
        }
        Map<String, DiscoveredService> services = new LinkedHashMap<>();
        Map<Pair, Long> counts = new LinkedHashMap<>();
        List<String> selfCalls = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = prefix + "[" + i + "]";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw shape(file, where, "expected an object {parent, child, callCount}, found " + entry);
            }
            String parent = text(file, entry, where, "parent");
            String child = text(file, entry, where, "child");
            JsonNode callCount = entry.get("callCount");
            if (callCount == null || !callCount.canConvertToExactIntegral() || callCount.asLong() < 0) {
                throw shape(file, where + ".callCount", "expected a whole number >= 0, found "
                        + (callCount == null ? "nothing" : callCount.toString()));
            }
            if (!SERVICE.matcher(parent).matches() || !SERVICE.matcher(child).matches()) {
                invalid.add(parent + " → " + child + " (" + where + ")");
                continue;
            }
            for (String service : List.of(parent, child)) {
                services.computeIfAbsent(service, s -> DiscoveredService.named(s, "jaeger", file + " " + where));
            }
            if (parent.equals(child)) {
                selfCalls.add(parent + " (" + where + ")");
                continue;
            }
            counts.merge(new Pair(parent, child), callCount.asLong(), Long::sum);
        }
        List<Dependency> edges = new ArrayList<>();
        for (Map.Entry<Pair, Long> count : counts.entrySet()) {
            long calls = count.getValue();
            double weight = lookbackSeconds > 0 ? calls / lookbackSeconds : calls;
            String evidence = "jaeger dependencies: " + calls + " calls" + (lookbackSeconds > 0
                    ? " over " + TrafficGraphBuilder.duration(lookbackSeconds)
                    : " (a count, not a rate)");
            edges.add(new Dependency(count.getKey().parent(), count.getKey().child(), weight, evidence));
        }
        List<String> notes = new ArrayList<>();
        if (lookbackSeconds == 0 && !edges.isEmpty()) {
            notes.add("weights are Jaeger's call counts, not calls/s: the file does not say the period they cover; "
                    + "add \"lookback\": <milliseconds> (the query's lookback) next to \"data\" to import rates");
        }
        if (!selfCalls.isEmpty()) {
            notes.add("skipped " + selfCalls.size() + " self-call(s): " + String.join(", ", selfCalls));
        }
        if (!invalid.isEmpty()) {
            notes.add("skipped " + invalid.size() + " pair(s) naming a service that is not a valid service name: "
                    + String.join(", ", invalid));
        }
        return new GraphImport(file, List.copyOf(services.values()), edges, notes);
    }

    private static void errors(String file, JsonNode errors) {
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return;
        }
        List<String> messages = new ArrayList<>();
        errors.forEach(error -> messages.add(error.path("msg").asText(error.toString())
                + (error.has("code") ? " (code " + error.path("code").asText() + ")" : "")));
        throw new GraphImportException(file, 0, "Jaeger answered with an error: " + String.join("; ", messages)
                + "; export the dependencies again");
    }

    private static String text(String file, JsonNode entry, String where, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw shape(file, where + "." + field, "expected a service name, found "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asText();
    }

    private static GraphImportException shape(String file, String where, String problem) {
        return new GraphImportException(file, 0, "at " + where + ": " + problem);
    }
}
