package dev.headroom.graph.imports;

import dev.headroom.graph.GraphImportException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML file composed into node trees rather than Java objects, so that every value keeps the
 * line it came from for evidence and error messages.
 */
final class YamlFile {
    private static final Pattern HELM = Pattern.compile("\\{\\{-?\\s*(?:/\\*|\\.Values|\\.Release|\\.Chart"
            + "|\\.Capabilities|\\.Files|\\$|include\\b|template\\b|if\\b|else\\b|end\\b|range\\b|with\\b|define\\b"
            + "|toYaml\\b|tpl\\b|default\\b|quote\\b)");

    final String file;
    final String text;
    final List<Node> documents;

    private YamlFile(String file, String text, List<Node> documents) {
        this.file = file;
        this.text = text;
        this.documents = documents;
    }

    static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new GraphImportException(path.toString(), 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new GraphImportException(path.toString(), 0, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Every document of the file; empty documents ({@code ---} alone, comments only) are left out. */
    static YamlFile parse(Path path, String text) {
        String file = path.toString();
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node n : new Compose(settings).composeAllFromString(text)) {
                if (!(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    documents.add(n);
                }
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            throw new GraphImportException(file, line, "malformed YAML: " + problem, e);
        } catch (YamlEngineException e) {
            throw new GraphImportException(file, 0, "malformed YAML: " + e.getMessage(), e);
        }
        return new YamlFile(file, text, documents);
    }

    /** 1-based line of the first Go/Helm template action, or 0 when the text has none. */
    static int helmTemplateLine(String text) {
        Matcher m = HELM.matcher(text);
        return m.find() ? lineAt(text, m.start()) : 0;
    }

    static boolean isTemplated(String text) {
        return text != null && HELM.matcher(text).find();
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }

    /** The source text of the line where the node starts. */
    String sourceLine(Node node) {
        int line = line(node);
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    String at(Node node) {
        return file + ":" + line(node);
    }

    /**
     * The value under {@code key}, also through YAML merge keys ({@code <<: *defaults}), which the
     * 1.2 core schema leaves to the application.
     */
    static Optional<Node> get(Node mapping, String key) {
        if (!(mapping instanceof MappingNode m)) {
            return Optional.empty();
        }
        Node merged = null;
        for (NodeTuple t : m.getValue()) {
            String k = scalar(t.getKeyNode());
            if (key.equals(k)) {
                return present(t.getValueNode());
            }
            if ("<<".equals(k)) {
                merged = t.getValueNode();
            }
        }
        if (merged instanceof SequenceNode s) {
            for (Node each : s.getValue()) {
                Optional<Node> found = get(each, key);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        return merged == null ? Optional.empty() : get(merged, key);
    }

    private static Optional<Node> present(Node value) {
        return value instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? Optional.empty() : Optional.of(value);
    }

    static Optional<Node> path(Node mapping, String... keys) {
        Optional<Node> n = Optional.of(mapping);
        for (String k : keys) {
            n = n.flatMap(v -> get(v, k));
        }
        return n;
    }

    /** The text of a scalar; null for YAML null and for mappings and sequences. */
    static String scalar(Node node) {
        return node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? s.getValue() : null;
    }

    static Optional<String> string(Node mapping, String... keys) {
        return path(mapping, keys).map(YamlFile::scalar);
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode s ? s.getValue() : List.of();
    }

    static List<NodeTuple> entries(Node node) {
        return node instanceof MappingNode m ? m.getValue() : List.of();
    }

    static String describe(Node node) {
        return switch (node.getNodeType()) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            default -> "the scalar \"" + ((ScalarNode) node).getValue() + "\"";
        };
    }
}
