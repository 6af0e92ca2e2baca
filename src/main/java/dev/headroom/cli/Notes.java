package dev.headroom.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints operator notes, at most {@value #MAX} of them: a gappy history yields one note per
 * series, and the first few show the kind while the count shows the extent.
 */
final class Notes {
    static final int MAX = 10;

    private Notes() {
    }

    /**
     * @param prefix  put before each note, e.g. {@code "  note: "}
     * @param more    what the rest are, e.g. {@code "notes of the same kinds"}
     */
    static void print(PrintWriter out, String prefix, List<String> notes, String more) {
        notes.stream().limit(MAX).forEach(n -> out.println(prefix + n));
        if (notes.size() > MAX) {
            out.printf("%s… and %d more %s.%n", prefix.startsWith(" ") ? "  " : "", notes.size() - MAX, more);
        }
        out.flush();
    }
}
