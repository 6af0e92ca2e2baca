package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;

import java.util.List;

/**
 * A successful import and what it tolerated: absent optional files, ignored columns and fields,
 * gaps in metric series, values derived because the files left them out. Each note is one
 * sentence an operator can read.
 */
public record ScenarioImport(AccountSnapshot snapshot, List<String> notes) {
    public ScenarioImport {
        notes = List.copyOf(notes);
    }
}
