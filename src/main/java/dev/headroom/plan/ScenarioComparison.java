package dev.headroom.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.HeadroomException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios side by side: the figures an operator weighs between two plans, read from each
 * scenario's latest plan.
 */
public final class ScenarioComparison {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioComparison() {
    }

    /**
     * One scenario's figures.
     *
     * @param minHeadroomFraction smallest predicted spare fraction of capacity over the plan
     * @param windowFits          every host that needs an update is planned inside the window
     */
    public record Row(String scenario, String solver, long windowMinutes, double surgeCostUsd,
                      double minHeadroomFraction, int batches, double risk, boolean windowFits,
                      int predictedViolations, int unplanned, double objective) {
    }

    public static Row row(String name, Plan plan) {
        Plan.Summary s = plan.summary();
        return new Row(name, plan.solver(), s.makespanMinutes(), s.surgeCostUsd(), s.minHeadroomFraction(),
                plan.batches().size(), s.risk(), s.windowFits(), s.predictedViolations(), plan.unplanned().size(),
                s.objective());
    }

    /** The row of a stored scenario, from the summary its plan.json carries. */
    public static Row row(SavedScenario scenario) {
        String json = scenario.planJson().orElseThrow(() -> new HeadroomException("Scenario \"" + scenario.name()
                + "\" has not been planned yet. Run \"headroom scenarios plan " + scenario.name() + "\"."));
        try {
            JsonNode root = MAPPER.readTree(json);
            JsonNode s = root.path("summary");
            return new Row(scenario.name(), root.path("solver").asText(scenario.solver()),
                    s.path("makespan_minutes").asLong(), s.path("surge_cost_usd").asDouble(),
                    s.path("min_headroom_fraction").asDouble(), root.path("batches").size(), s.path("risk").asDouble(),
                    s.path("window_fits").asBoolean(), s.path("predicted_violations").asInt(),
                    root.path("unplanned").size(), s.path("objective").asDouble());
        } catch (IOException e) {
            throw new HeadroomException("The stored plan of scenario \"" + scenario.name() + "\" cannot be read ("
                    + e.getMessage() + "). Plan it again with \"headroom scenarios plan " + scenario.name() + "\".", e);
        }
    }

    public static List<Row> rows(List<SavedScenario> scenarios) {
        List<Row> out = new ArrayList<>();
        scenarios.forEach(s -> out.add(row(s)));
        return out;
    }
}
