package dev.headroom.graph.imports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import dev.headroom.graph.GraphImporter;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code dependencies.json} of SCENARIO_FORMAT.md (also what {@code graph export --format json}
 * writes): services with an optional criticality (kept as the source's declaration), edges with
 * optional weight and evidence. The size fields the export adds (replicas, requests, limits) are
 * not read back: they describe what other sources found.
 * Unknown fields are ignored; a bad value, a duplicate service or an edge naming an unlisted
 * service is an error with the line.
 */
public final class DependenciesJsonImporter implements GraphImporter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "dependencies-json";
    }

    @Override
    public boolean accepts(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.equals("dependencies.json")) {
            return true;
        }
        if (!n.endsWith(".json")) {
            return false;
        }
        try {
            String text = YamlFile.text(file);
            return text.contains("\"edges\"") && text.contains("\"services\"");
        } catch (GraphImportException e) {
            return false;
        }
    }

    @Override
    public GraphImport read(Path file) {
        String name = file.toString();
        Map<String, Integer> serviceLines = new LinkedHashMap<>();
        List<DiscoveredService> services = new ArrayList<>();
        List<Dependency> edges = new ArrayList<>();
        int line = 0;
        try (Reader reader = Files.newBufferedReader(file); JsonParser p = MAPPER.createParser(reader)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new GraphImportException(name, lineOf(p.currentTokenLocation()),
                        "expected a JSON object with services and edges");
            }
            List<Element> serviceNodes = List.of();
            List<Element> edgeNodes = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "services" -> serviceNodes = array(p, name, field);
                    case "edges" -> edgeNodes = array(p, name, field);
                    default -> p.skipChildren();
                }
            }
            for (Element e : serviceNodes) {
                line = e.line;
                String service = text(e, "name", name).orElseThrow(() ->
                        new GraphImportException(name, e.line, "service without a name"));
                Integer before = serviceLines.putIfAbsent(service, e.line);
                if (before != null) {
                    throw new GraphImportException(name, e.line, "service " + service
                            + " is listed twice (also at line " + before + ")");
                }
                Optional<Criticality> criticality = text(e, "criticality", name)
                        .map(c -> Criticality.parse("criticality", c));
                services.add(new DiscoveredService(service, "dependencies.json", OptionalInt.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), criticality,
                        name + ":" + e.line));
            }
            for (Element e : edgeNodes) {
                line = e.line;
                String from = endpoint(e, "from", name, serviceLines);
                String to = endpoint(e, "to", name, serviceLines);
                JsonNode weight = e.node.path("weight");
                if (!weight.isMissingNode() && !weight.isNull() && !weight.isNumber()) {
                    throw new GraphImportException(name, e.line, "edge " + from + " -> " + to
                            + ": weight must be a number, not " + weight);
                }
                String evidence = text(e, "evidence", name).orElse(name + ":" + e.line);
                edges.add(new Dependency(from, to, weight.isNumber() ? weight.asDouble() : 0, evidence));
            }
        } catch (JsonProcessingException e) {
            throw new GraphImportException(name, lineOf(e.getLocation()), "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GraphImportException(name, 0, "cannot be read (" + e.getMessage() + ")", e);
        } catch (DomainException e) {
            throw new GraphImportException(name, line, e.getMessage(), e);
        }
        return new GraphImport(name, services, edges, List.of());
    }

    private record Element(JsonNode node, int line) {
    }

    /** The elements of an array, each with the line where it starts. */
    private static List<Element> array(JsonParser p, String file, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new GraphImportException(file, lineOf(p.currentTokenLocation()), field + " must be a list");
        }
        List<Element> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = lineOf(p.currentTokenLocation());
            JsonNode node = MAPPER.readTree(p);
            if (!node.isObject()) {
                throw new GraphImportException(file, line, "each of " + field + " must be an object, not " + node);
            }
            out.add(new Element(node, line));
        }
        return out;
    }

    private static String endpoint(Element e, String field, String file, Map<String, Integer> services) {
        String name = text(e, field, file).orElseThrow(() ->
                new GraphImportException(file, e.line, "edge without \"" + field + "\""));
        if (!services.containsKey(name)) {
            throw new GraphImportException(file, e.line, "edge " + field + " \"" + name
                    + "\" is not one of the listed services");
        }
        return name;
    }

    private static Optional<String> text(Element e, String field, String file) {
        JsonNode v = e.node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new GraphImportException(file, e.line, field + " must be a string, not " + v);
        }
        return Optional.of(v.asText());
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }
}
