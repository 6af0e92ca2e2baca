package dev.headroom.scenario;

import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileTest {
    @TempDir
    Path dir;

    @Test
    void theObjectiveIsReadWrittenAndDefaultedField() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"safety_margin\": 0.3, \"objective\": {\"window_hour\": 25, \"risk\": 5}}");
        List<String> notes = new ArrayList<>();
        Policy p = PolicyFile.read(file, notes);
        assertThat(p.objective()).isEqualTo(new Objective(25, Objective.DEFAULT.perUsd(), Objective.DEFAULT.perKwh(), 5));
        Files.writeString(file, PolicyFile.write(p));
        assertThat(PolicyFile.read(file, notes)).isEqualTo(p);

        Files.writeString(file, "{\"safety_margin\": 0.3}");
        assertThat(PolicyFile.read(file, notes).objective()).isEqualTo(Objective.DEFAULT);
    }

    @Test
    void aBadWeightNamesTheFieldAndTheFile() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"objective\": {\"usd\": -1}}");
        assertThatThrownBy(() -> PolicyFile.read(file, new ArrayList<>())).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("policy.json").hasMessageContaining("objective.usd");
        Files.writeString(file, "{\"objective\": {\"window_hour\": 0, \"usd\": 0, \"kwh\": 0, \"risk\": 0}}");
        assertThatThrownBy(() -> PolicyFile.read(file, new ArrayList<>())).hasMessageContaining("objective");
    }
}
