package dev.headroom.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as a tree whose every value remembers its line, so that a wrong type or a
 * broken rule deep in a file can be reported where it is. (Jackson's own tree forgets locations.)
 */
final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * One JSON value and the line it starts on. {@code value} is a {@code Map<String, Node>} in
     * file order, a {@code List<Node>}, a {@code String}, a {@code Long} or {@code Double}, a
     * {@code Boolean}, or {@code null} for JSON null.
     */
    record Node(Object value, int line) {
        /** How the value reads in a message: text quoted, containers by kind. */
        String describe() {
            if (value instanceof String s) {
                return "\"" + s + "\"";
            }
            if (value instanceof Map) {
                return "an object";
            }
            if (value instanceof List) {
                return "a list";
            }
            return String.valueOf(value);
        }
    }

    private JsonTree() {
    }

    static Node parse(InputStream in, String file) {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw ScenarioException.inFile(file, 1, "", "the file is empty; it must hold one JSON object");
            }
            Node root = value(p);
            if (p.nextToken() != null) {
                throw ScenarioException.inFile(file, line(p.currentTokenLocation()), "",
                        "there is more text after the end of the JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ScenarioException.inFile(file, line(e.getLocation()), "",
                    "the JSON is malformed (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw ScenarioException.unreadable(file, e);
        }
    }

    private static Node value(JsonParser p) throws IOException {
        int line = line(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, value(p));
                }
                return new Node(fields, line);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Node(items, line);
            }
            case VALUE_STRING:
                return new Node(p.getText(), line);
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new Node(p.getDoubleValue(), line) : new Node(p.getLongValue(), line);
            case VALUE_NUMBER_FLOAT:
                return new Node(p.getDoubleValue(), line);
            case VALUE_TRUE:
                return new Node(Boolean.TRUE, line);
            case VALUE_FALSE:
                return new Node(Boolean.FALSE, line);
            case VALUE_NULL:
                return new Node(null, line);
            default:
                throw new IllegalStateException("unexpected JSON token " + t);
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }
}
