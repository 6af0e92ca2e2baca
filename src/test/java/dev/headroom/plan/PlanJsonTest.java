package dev.headroom.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanJsonTest {
    private final PlanningProblem problem = TestProblems.create().service("web", Criticality.LOW, 8, 4, "eu", 3, 0.7)
            .surge("eu", "m5.large", 2, 0.1, 0.04).build();

    @Test
    void writesTheSharedShapeAndReadsBackTheSameBatches() throws Exception {
        Plan plan = new HeuristicPlanner().plan(problem);
        String json = PlanJson.write(plan);
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.path("policy").path("safety_margin").asDouble()).isEqualTo(0.2);
        JsonNode first = root.path("batches").get(0);
        assertThat(first.path("start").asText()).isEqualTo("2026-11-23T01:00:00Z");
        assertThat(first.path("reservations").get(0).path("instance_type").asText()).isEqualTo("m5.large");
        assertThat(root.path("summary").path("predicted_violations").asInt()).isZero();
        assertThat(root.path("unplanned").isArray()).isTrue();

        Plan back = PlanJson.read(json, "plan.json", problem);
        assertThat(back.batches()).isEqualTo(plan.batches().stream()
                .map(b -> new Plan.Batch(b.index(), b.startStep(), b.endStep(), b.hosts(), b.reservations(),
                        b.migrations(), b.binding())).toList());
        assertThat(back.summary().surgeCostUsd()).isEqualTo(plan.summary().surgeCostUsd());
        assertThat(back.summary().makespanMinutes()).isEqualTo(plan.summary().makespanMinutes());
    }

    @Test
    void aPlanNamingAnUnknownHostIsRefusedWithTheField() {
        String json = "{\"batches\": [{\"index\": 1, \"start\": \"2026-11-23T01:00:00Z\", \"end\": "
                + "\"2026-11-23T01:15:00Z\", \"hosts\": [\"db-9\"]}]}";
        assertThatThrownBy(() -> PlanJson.read(json, "plan.json", problem)).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("plan.json: batches[1].hosts names db-9, which is not in the fleet");
    }

    @Test
    void badJsonAndBadTimesNameTheFileAndField() {
        assertThatThrownBy(() -> PlanJson.read("{\"batches\": [", "p.json", problem))
                .hasMessageContaining("p.json is not valid JSON");
        assertThatThrownBy(() -> PlanJson.read("{\"batches\": [{\"start\": \"tomorrow\", \"end\": \"x\"}]}", "p.json",
                problem)).hasMessageContaining("batches[1].start is \"tomorrow\", not an ISO-8601 time");
    }

    @Test
    void readingKeepsEachHostsReasonAndTheNotes() {
        Plan made = new HeuristicPlanner().plan(problem);
        assertThat(made.hostReasons()).isNotEmpty();
        Plan plan = new Plan(made.scenario(), made.solver(), made.policy(), made.start(), made.step(), made.batches(),
                made.unplanned(), made.hostReasons(), made.summary(),
                java.util.List.of("Forecasts use the 0.95 quantile.", "search is short of capacity before any update."));

        Plan back = PlanJson.read(PlanJson.write(plan), "plan.json", problem);

        assertThat(back.hostReasons()).containsExactlyEntriesOf(plan.hostReasons());
        assertThat(back.notes()).isEqualTo(plan.notes());
    }

    @Test
    void aFileWithoutReasonsOrNotesReadsAsNone() {
        String json = "{\"batches\": [{\"index\": 1, \"start\": \"2026-11-23T01:00:00Z\", \"end\": "
                + "\"2026-11-23T01:15:00Z\", \"hosts\": []}]}";
        Plan back = PlanJson.read(json, "plan.json", problem);
        assertThat(back.hostReasons()).isEmpty();
        assertThat(back.notes()).isEmpty();
    }

    @Test
    void aBatchBeforeTheWindowIsRefusedWithTheField() {
        String json = "{\"batches\": [{\"index\": 1, \"start\": \"2026-11-22T23:00:00Z\", \"end\": "
                + "\"2026-11-22T23:15:00Z\", \"hosts\": []}]}";
        assertThatThrownBy(() -> PlanJson.read(json, "plan.json", problem)).isInstanceOf(HeadroomException.class)
                .hasMessage("plan.json: batches[1] starts at 2026-11-22T23:00:00Z, before the window starts at "
                        + "2026-11-23T01:00:00Z. Plan it again for this window.");
    }
}
