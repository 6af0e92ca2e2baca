package dev.headroom.scenario;

import dev.headroom.domain.DomainException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed access to the fields of one JSON object. Absent fields and JSON {@code null} both mean
 * "use the default"; a value of the wrong type is an error naming the file, the line of the value
 * and the field. Fields outside {@code known} are reported to {@link ImportNotes} and otherwise ignored.
 */
final class JsonObject {
    private final Map<String, JsonTree.Node> fields;
    private final int line;
    private final String file;
    private final String prefix;

    @SuppressWarnings("unchecked")
    private JsonObject(JsonTree.Node node, String file, String prefix) {
        this.fields = (Map<String, JsonTree.Node>) node.value();
        this.line = node.line();
        this.file = file;
        this.prefix = prefix;
    }

    /**
     * The object held by {@code node}.
     *
     * @param field  the name under which the object appears, for messages ("" for the root)
     * @param prefix prepended to field names in messages, e.g. {@code "window."}
     */
    static JsonObject of(JsonTree.Node node, String file, String field, String prefix, Set<String> known,
                         ImportNotes notes) {
        if (!(node.value() instanceof Map)) {
            throw ScenarioException.inFile(file, node.line(), field, "must be a JSON object {…}, not " + node.describe());
        }
        JsonObject o = new JsonObject(node, file, prefix);
        for (Map.Entry<String, JsonTree.Node> e : o.fields.entrySet()) {
            if (!known.contains(e.getKey())) {
                notes.unknownField(file, prefix + e.getKey(), e.getValue().line());
            }
        }
        return o;
    }

    int line() {
        return line;
    }

    String file() {
        return file;
    }

    /** The value of {@code name}, or {@code null} when absent or JSON null. */
    JsonTree.Node get(String name) {
        JsonTree.Node n = fields.get(name);
        return n == null || n.value() == null ? null : n;
    }

    String text(String name) {
        JsonTree.Node n = get(name);
        if (n == null) {
            throw ScenarioException.inFile(file, line, prefix + name, "the field is missing");
        }
        return textOf(name, n);
    }

    String text(String name, String fallback) {
        JsonTree.Node n = get(name);
        return n == null ? fallback : textOf(name, n);
    }

    double number(String name, double fallback) {
        JsonTree.Node n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!(n.value() instanceof Number num)) {
            throw error(name, n, "must be a number, not " + n.describe());
        }
        return num.doubleValue();
    }

    int integer(String name, int fallback) {
        JsonTree.Node n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!(n.value() instanceof Long l) || l != (int) (long) l) {
            throw error(name, n, "must be a whole number, not " + n.describe());
        }
        return (int) (long) l;
    }

    boolean bool(String name, boolean fallback) {
        JsonTree.Node n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!(n.value() instanceof Boolean b)) {
            throw error(name, n, "must be true or false, not " + n.describe());
        }
        return b;
    }

    /** The items of a list field; empty when the field is absent. */
    @SuppressWarnings("unchecked")
    List<JsonTree.Node> list(String name) {
        JsonTree.Node n = get(name);
        if (n == null) {
            return List.of();
        }
        if (!(n.value() instanceof List)) {
            throw error(name, n, "must be a list […], not " + n.describe());
        }
        return (List<JsonTree.Node>) n.value();
    }

    /** Text held by a list item or field value. */
    String textOf(String name, JsonTree.Node n) {
        if (!(n.value() instanceof String s)) {
            throw error(name, n, "must be text in double quotes, not " + n.describe());
        }
        return s;
    }

    /** Runs a domain constructor, turning its rule violation into an error at this object. */
    <T> T domain(Supplier<T> build) {
        try {
            return build.get();
        } catch (DomainException e) {
            // Nested records (Window) already name their fields with the prefix.
            String name = e.field().startsWith(prefix) ? e.field().substring(prefix.length()) : e.field();
            JsonTree.Node n = fields.get(name);
            throw ScenarioException.inFile(file, n == null ? line : n.line(), prefix + name, e.rule(), e);
        }
    }

    ScenarioException error(String name, JsonTree.Node n, String problem) {
        return ScenarioException.inFile(file, n == null ? line : n.line(), prefix + name, problem);
    }
}
