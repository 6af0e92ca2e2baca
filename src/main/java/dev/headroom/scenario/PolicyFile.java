package dev.headroom.scenario;

import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code policy.json} shape of the scenario format, in one place: read from a scenario
 * directory, from a file given to {@code plan --policy}, and written into scenarios and plans.
 */
public final class PolicyFile {
    static final Set<String> FIELDS = Set.of("window", "safety_margin", "criticality_weight", "capacity_weight",
            "max_batch_fraction", "max_concurrent_regions", "min_healthy_fraction", "rollback_threshold",
            "stabilization_minutes", "spot_allowed", "budget_usd", "forecast_quantile", "objective");
    static final Set<String> OBJECTIVE_FIELDS = Set.of("window_hour", "usd", "kwh", "risk");

    private PolicyFile() {
    }

    /**
     * Reads a policy file; absent fields take the defaults of {@link Policy#DEFAULT}.
     *
     * @param notes receives what was tolerated (ignored fields)
     * @throws ScenarioException naming the file, line and field of bad input
     */
    public static Policy read(Path file, List<String> notes) {
        ImportNotes collected = new ImportNotes();
        String name = String.valueOf(file.getFileName());
        Policy p;
        try (InputStream in = Sources.stream(file)) {
            p = parse(JsonObject.of(JsonTree.parse(in, name), name, "", "", FIELDS, collected), collected);
        } catch (IOException e) {
            throw ScenarioException.unreadable(name, e);
        }
        notes.addAll(collected.all());
        return p;
    }

    /**
     * The {@code policy} object of a {@code plan.json}: the policy the plan was made under.
     *
     * @throws ScenarioException naming the file, line and field of bad input
     */
    public static Policy readFromPlan(Path planFile) {
        ImportNotes collected = new ImportNotes();
        String name = String.valueOf(planFile.getFileName());
        try (InputStream in = Sources.stream(planFile)) {
            JsonTree.Node root = JsonTree.parse(in, name);
            JsonObject plan = JsonObject.of(root, name, "", "", Set.of(), new ImportNotes());
            JsonTree.Node policy = plan.get("policy");
            if (policy == null) {
                throw ScenarioException.inFile(name, root.line(), "policy", "is missing; write the plan with "
                        + "\"headroom plan --out\"");
            }
            return parse(JsonObject.of(policy, name, "policy", "policy.", FIELDS, collected), collected);
        } catch (IOException e) {
            throw ScenarioException.unreadable(name, e);
        }
    }

    static Policy parse(JsonObject o, ImportNotes notes) {
        Policy d = Policy.DEFAULT;
        Optional<Window> window = Optional.empty();
        JsonTree.Node w = o.get("window");
        if (w != null) {
            JsonObject wo = JsonObject.of(w, o.file(), "window", "window.", Set.of("start", "end"), notes);
            window = Optional.of(wo.domain(() -> new Window(time(wo, "start"), time(wo, "end"))));
        }
        Optional<Double> budget = o.get("budget_usd") == null ? Optional.empty()
                : Optional.of(o.number("budget_usd", 0));
        Objective objective = Objective.DEFAULT;
        JsonTree.Node ob = o.get("objective");
        if (ob != null) {
            JsonObject oo = JsonObject.of(ob, o.file(), "objective", "objective.", OBJECTIVE_FIELDS, notes);
            Objective d0 = Objective.DEFAULT;
            objective = oo.domain(() -> new Objective(oo.number("window_hour", d0.perWindowHour()),
                    oo.number("usd", d0.perUsd()), oo.number("kwh", d0.perKwh()), oo.number("risk", d0.perRisk())));
        }
        Optional<Window> finalWindow = window;
        Objective finalObjective = objective;
        return o.domain(() -> new Policy(finalWindow,
                o.number("safety_margin", d.safetyMargin()),
                o.number("criticality_weight", d.criticalityWeight()),
                o.number("capacity_weight", d.capacityWeight()),
                o.number("max_batch_fraction", d.maxBatchFraction()),
                o.integer("max_concurrent_regions", d.maxConcurrentRegions()),
                o.number("min_healthy_fraction", d.minHealthyFraction()),
                o.number("rollback_threshold", d.rollbackThreshold()),
                o.integer("stabilization_minutes", d.stabilizationMinutes()),
                o.bool("spot_allowed", d.spotAllowed()),
                budget,
                o.number("forecast_quantile", d.forecastQuantile()), finalObjective));
    }

    private static Instant time(JsonObject o, String name) {
        String text = o.text(name);
        Instant t = Values.parseTime(text);
        if (t == null) {
            throw o.error(name, o.get(name), CsvTable.badTime(text));
        }
        return t;
    }

    /** Every field, in the order of the shared format, so a reader sees the policy as planned. */
    public static Map<String, Object> toJson(Policy p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("window", p.window().map(w -> {
            Map<String, Object> win = new LinkedHashMap<>();
            win.put("start", Values.formatTime(w.start()));
            win.put("end", Values.formatTime(w.end()));
            return (Object) win;
        }).orElse(null));
        o.put("safety_margin", p.safetyMargin());
        o.put("criticality_weight", p.criticalityWeight());
        o.put("capacity_weight", p.capacityWeight());
        o.put("max_batch_fraction", p.maxBatchFraction());
        o.put("max_concurrent_regions", p.maxConcurrentRegions());
        o.put("min_healthy_fraction", p.minHealthyFraction());
        o.put("rollback_threshold", p.rollbackThreshold());
        o.put("stabilization_minutes", p.stabilizationMinutes());
        o.put("spot_allowed", p.spotAllowed());
        o.put("budget_usd", p.budgetUsd().orElse(null));
        o.put("forecast_quantile", p.forecastQuantile());
        Map<String, Object> ob = new LinkedHashMap<>();
        ob.put("window_hour", p.objective().perWindowHour());
        ob.put("usd", p.objective().perUsd());
        ob.put("kwh", p.objective().perKwh());
        ob.put("risk", p.objective().perRisk());
        o.put("objective", ob);
        return o;
    }

    /** The policy as {@code policy.json} text. */
    public static String write(Policy p) {
        return JsonWriter.write(toJson(p));
    }
}
