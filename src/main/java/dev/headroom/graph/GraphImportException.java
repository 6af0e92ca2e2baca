package dev.headroom.graph;

import dev.headroom.domain.HeadroomException;

/**
 * A source could not be imported. The operator message names the file and line and says that
 * nothing from the file was stored: an import is all of a file or nothing.
 */
public class GraphImportException extends HeadroomException {
    private final String file;
    private final int line;

    public GraphImportException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem
                + ". Fix the file and import again; nothing from it was imported.", problem, cause);
        this.file = file;
        this.line = line;
    }

    public GraphImportException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public String file() {
        return file;
    }

    /** 1-based line of the problem; 0 when no line applies. */
    public int line() {
        return line;
    }
}
