package dev.headroom.scenario;

import dev.headroom.domain.HeadroomException;

/**
 * A scenario directory could not be read or written. Imports are all or nothing, so the operator
 * message always ends by saying that nothing was imported (or exported).
 *
 * <p>{@link #file()} is the file name inside the scenario directory (or the directory itself when
 * no single file is at fault), {@link #line()} is 1-based with the CSV header as line 1 and 0 when
 * no line applies, and {@link #field()} is the column or JSON field, empty when none applies.
 */
public class ScenarioException extends HeadroomException {
    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    ScenarioException(String file, int line, String field, String problem, String operatorMessage, Throwable cause) {
        super(operatorMessage, location(file, line, field) + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    /** A problem with the content of one file: the operator fixes the file and imports again. */
    static ScenarioException inFile(String file, int line, String field, String problem, Throwable cause) {
        return new ScenarioException(file, line, field, problem,
                location(file, line, field) + ": " + problem + ". Fix the file and import again; nothing was imported.",
                cause);
    }

    static ScenarioException inFile(String file, int line, String field, String problem) {
        return inFile(file, line, field, problem, null);
    }

    /** The file exists but the system would not read it. */
    static ScenarioException unreadable(String file, java.io.IOException e) {
        String problem = "the file could not be read (" + e.getMessage() + ")";
        return new ScenarioException(file, 0, "", problem, file + " could not be read (" + e.getMessage()
                + "). Check that the file exists and is readable, then import again; nothing was imported.", e);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without location or advice (for tables of problems). */
    public String problem() {
        return problem;
    }

    private static String location(String file, int line, String field) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(" line ").append(line);
        }
        if (field != null && !field.isEmpty()) {
            b.append(", field ").append(field);
        }
        return b.toString();
    }
}
