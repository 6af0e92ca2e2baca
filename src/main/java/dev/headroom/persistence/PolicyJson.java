package dev.headroom.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;

import java.time.Instant;
import java.util.Optional;

/**
 * A policy as the JSON object of {@code policy.json}, with the field names operators see. Empty
 * optionals are left out rather than written as {@code null}. The tree model is used on purpose:
 * binding records with {@code Optional} and {@code Instant} would need two more Jackson modules.
 */
final class PolicyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyJson() {
    }

    static String write(Policy p) {
        ObjectNode o = MAPPER.createObjectNode();
        p.window().ifPresent(w -> o.putObject("window")
                .put("start", w.start().toString())
                .put("end", w.end().toString()));
        o.put("safety_margin", p.safetyMargin());
        o.put("criticality_weight", p.criticalityWeight());
        o.put("capacity_weight", p.capacityWeight());
        o.put("max_batch_fraction", p.maxBatchFraction());
        o.put("max_concurrent_regions", p.maxConcurrentRegions());
        o.put("min_healthy_fraction", p.minHealthyFraction());
        o.put("rollback_threshold", p.rollbackThreshold());
        o.put("stabilization_minutes", p.stabilizationMinutes());
        o.put("spot_allowed", p.spotAllowed());
        p.budgetUsd().ifPresent(b -> o.put("budget_usd", b));
        o.put("forecast_quantile", p.forecastQuantile());
        o.putObject("objective").put("window_hour", p.objective().perWindowHour()).put("usd", p.objective().perUsd())
                .put("kwh", p.objective().perKwh()).put("risk", p.objective().perRisk());
        return o.toString();
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not an object written by {@link #write}
     */
    static Policy read(String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored policy is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode w = o.path("window");
        Optional<Window> window = w.isObject()
                ? Optional.of(new Window(Instant.parse(text(w, "start")), Instant.parse(text(w, "end"))))
                : Optional.empty();
        JsonNode budget = o.path("budget_usd");
        return new Policy(window, number(o, "safety_margin"), number(o, "criticality_weight"),
                number(o, "capacity_weight"), number(o, "max_batch_fraction"),
                (int) number(o, "max_concurrent_regions"), number(o, "min_healthy_fraction"),
                number(o, "rollback_threshold"), (int) number(o, "stabilization_minutes"),
                required(o, "spot_allowed").asBoolean(),
                budget.isNumber() ? Optional.of(budget.doubleValue()) : Optional.empty(),
                number(o, "forecast_quantile"), objective(o.path("objective")));
    }

    /** Policies stored before the objective was a policy field have the default weights. */
    private static Objective objective(JsonNode o) {
        return o.isObject() ? new Objective(number(o, "window_hour"), number(o, "usd"), number(o, "kwh"),
                number(o, "risk")) : Objective.DEFAULT;
    }

    private static double number(JsonNode o, String field) {
        JsonNode n = required(o, field);
        if (!n.isNumber()) {
            throw new IllegalArgumentException("stored policy field " + field + " is not a number");
        }
        return n.doubleValue();
    }

    private static String text(JsonNode o, String field) {
        return required(o, field).asText();
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("stored policy lacks field " + field);
        }
        return n;
    }
}
