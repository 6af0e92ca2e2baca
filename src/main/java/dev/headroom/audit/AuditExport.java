package dev.headroom.audit;

import dev.headroom.scenario.CsvFields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.HeadroomException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log as files: CSV for spreadsheets and JSON lines for tools. Both carry every stored
 * field, {@code prev_hash} and {@code hash} included and unchanged, so that an export is a copy
 * the chain can be verified on ({@code headroom audit verify --file}) and compared with the
 * database later.
 */
public final class AuditExport {
    /** The columns of both formats, in order. */
    public static final List<String> COLUMNS = List.of("seq", "at", "account", "actor", "kind", "subject", "detail",
            "prev_hash", "hash");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditExport() {
    }

    /** Formats of {@link #write}. */
    public enum Format {
        /** RFC 4180: a header line, then one line per record; fields with a comma, quote or line break are quoted. */
        csv,
        /** One JSON object per line, with the {@link #COLUMNS} as keys. */
        json
    }

    public static void write(List<AuditRecord> records, Format format, Writer out) {
        try {
            if (format == Format.csv) {
                out.write(CsvFields.line(COLUMNS, "\r\n"));
                for (AuditRecord r : records) {
                    out.write(CsvFields.line(fields(r), "\r\n"));
                }
            } else {
                for (AuditRecord r : records) {
                    out.write(jsonLine(r));
                    out.write('\n');
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fields(AuditRecord r) {
        return List.of(Long.toString(r.seq()), r.at(), r.account(), r.actor(), r.kind(), r.subject(), r.detail(),
                r.prevHash(), r.hash());
    }

    private static String jsonLine(AuditRecord r) throws JsonProcessingException {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("seq", r.seq());
        List<String> f = fields(r);
        for (int i = 1; i < COLUMNS.size(); i++) {
            o.put(COLUMNS.get(i), f.get(i));
        }
        return MAPPER.writeValueAsString(o);
    }

    /**
     * Reads a JSON-lines export back, field for field as written.
     *
     * @param name the file's name, for messages
     * @throws HeadroomException naming the line when a line is not a record of {@link #write}
     */
    public static List<AuditRecord> readJsonLines(BufferedReader in, String name) {
        List<AuditRecord> records = new ArrayList<>();
        int lineNo = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                records.add(record(MAPPER.readTree(line), name, lineNo));
            }
        } catch (JsonProcessingException e) {
            throw new HeadroomException(name + " line " + lineNo + " is not JSON (" + e.getOriginalMessage()
                    + "). Give a file written by \"headroom audit export --format json\".");
        } catch (IOException e) {
            throw new HeadroomException("Could not read " + name + " (" + e.getMessage() + ").", e);
        }
        return records;
    }

    private static AuditRecord record(JsonNode o, String name, int lineNo) {
        for (String c : COLUMNS) {
            JsonNode v = o.get(c);
            if (v == null || !(c.equals("seq") ? v.isIntegralNumber() : v.isTextual())) {
                String type = c.equals("seq") ? "number" : "text";
                throw new HeadroomException(name + " line " + lineNo + " has no " + type + " \"" + c
                        + "\". Give a file written by \"headroom audit export --format json\".");
            }
        }
        return new AuditRecord(o.get("seq").asLong(), o.get("at").asText(), o.get("account").asText(),
                o.get("actor").asText(), o.get("kind").asText(), o.get("subject").asText(), o.get("detail").asText(),
                o.get("prev_hash").asText(), o.get("hash").asText());
    }
}
