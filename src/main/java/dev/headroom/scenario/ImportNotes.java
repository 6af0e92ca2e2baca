package dev.headroom.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import tolerated: absent files, ignored columns and fields, gaps. An ignored JSON field
 * is noted once per file and field however often it repeats, so that a newer file format does not
 * bury the other notes.
 */
final class ImportNotes {
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> unknownFields = new LinkedHashMap<>();

    void add(String note) {
        notes.add(note);
    }

    List<String> sink() {
        return notes;
    }

    void unknownField(String file, String field, int line) {
        unknownFields.putIfAbsent(file + ": field " + field, line);
    }

    List<String> all() {
        List<String> all = new ArrayList<>(notes);
        unknownFields.forEach((what, line) -> all.add(what + " is not used by Headroom and was ignored (first on line "
                + line + ")"));
        return List.copyOf(all);
    }
}
