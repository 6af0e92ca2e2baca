package dev.headroom.plan;

import dev.headroom.domain.Objective;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.headroom.domain.HeadroomException;
import dev.headroom.scenario.PolicyFile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plan.json} of the scenario format: what {@code plan --out} writes and {@code simulate
 * --plan} reads. Beyond the required fields it carries each host's reason, each batch's binding
 * constraint, the notes, and each reservation's cores, so a plan file explains itself.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    public static String write(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", plan.scenario());
        root.put("solver", plan.solver());
        root.put("policy", PolicyFile.toJson(plan.policy()));
        List<Object> batches = new ArrayList<>();
        for (Plan.Batch b : plan.batches()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", b.index());
            o.put("start", plan.time(b.startStep()).toString());
            o.put("end", plan.time(b.endStep()).toString());
            o.put("hosts", b.hosts());
            List<Object> reservations = new ArrayList<>();
            for (Plan.Reservation r : b.reservations()) {
                Map<String, Object> ro = new LinkedHashMap<>();
                ro.put("service", r.service());
                ro.put("region", r.region());
                ro.put("instance_type", r.instanceType());
                ro.put("count", r.count());
                ro.put("spot", r.spot());
                ro.put("from", plan.time(r.fromStep()).toString());
                ro.put("to", plan.time(r.toStep()).toString());
                ro.put("cost_usd", r.costUsd());
                ro.put("cores_each", r.coresEach());
                reservations.add(ro);
            }
            o.put("reservations", reservations);
            List<Object> migrations = new ArrayList<>();
            for (Plan.Migration m : b.migrations()) {
                migrations.add(Map.of("service", m.service(), "from_host", m.fromHost(), "to_host", m.toHost()));
            }
            o.put("migrations", migrations);
            o.put("binding", b.binding());
            batches.add(o);
        }
        root.put("batches", batches);
        Plan.Summary s = plan.summary();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("makespan_minutes", s.makespanMinutes());
        summary.put("surge_cost_usd", s.surgeCostUsd());
        summary.put("min_headroom_fraction", PlanCheck.round(s.minHeadroomFraction(), 4));
        summary.put("predicted_violations", s.predictedViolations());
        summary.put("optimality_gap", s.optimalityGap().orElse(null));
        summary.put("risk", s.risk());
        summary.put("energy_kwh", s.energyKwh());
        summary.put("window_fits", s.windowFits());
        summary.put("objective", PlanCheck.round(s.objective(), 4));
        root.put("summary", summary);
        List<Object> unplanned = new ArrayList<>();
        plan.unplanned().forEach(u -> unplanned.add(Map.of("host", u.host(), "reason", u.reason())));
        root.put("unplanned", unplanned);
        root.put("reasons", plan.hostReasons());
        root.put("notes", plan.notes());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the batches of a plan file onto {@code problem}'s steps, so that it can be replayed on
     * the problem's fleet. The summary is measured again rather than trusted; each host's reason and
     * the notes are kept as the file gives them.
     *
     * @throws HeadroomException naming the field when the file does not fit the problem (a host or
     *                           service not in the fleet, a batch starting before the window)
     */
    public static Plan read(String json, String fileName, PlanningProblem problem) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HeadroomException(fileName + " is not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage() + ". Write it with \"headroom plan --out\".");
        }
        if (root == null || !root.path("batches").isArray()) {
            throw new HeadroomException(fileName + " has no \"batches\" list. Write it with \"headroom plan --out\".");
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        problem.hosts().forEach(h -> known.add(h.id()));
        List<Plan.Batch> batches = new ArrayList<>();
        int i = 0;
        for (JsonNode b : root.get("batches")) {
            i++;
            String where = fileName + ": batches[" + i + "]";
            int start = step(problem, b, "start", where);
            int end = step(problem, b, "end", where);
            List<String> hosts = new ArrayList<>();
            for (JsonNode h : b.path("hosts")) {
                if (!known.contains(h.asText())) {
                    throw new HeadroomException(where + ".hosts names " + h.asText() + ", which is not in the fleet.");
                }
                hosts.add(h.asText());
            }
            List<Plan.Reservation> reservations = new ArrayList<>();
            for (JsonNode r : b.path("reservations")) {
                String service = r.path("service").asText();
                if (!problem.demands().containsKey(service)) {
                    throw new HeadroomException(where + ".reservations names service " + service + ", which is not in the fleet.");
                }
                double cores = r.has("cores_each") ? r.get("cores_each").asDouble()
                        : problem.surgeOptions().getOrDefault(r.path("region").asText(), List.of()).stream()
                        .filter(o -> o.instanceType().equals(r.path("instance_type").asText()))
                        .mapToDouble(SurgeOption::cores).findFirst().orElseThrow(() -> new HeadroomException(where
                                + ".reservations: instance type " + r.path("instance_type").asText() + " is not offered in "
                                + r.path("region").asText() + "."));
                reservations.add(new Plan.Reservation(service, r.path("region").asText(), r.path("instance_type").asText(),
                        r.path("count").asInt(), r.path("spot").asBoolean(), step(problem, r, "from", where),
                        step(problem, r, "to", where), cores, r.path("cost_usd").asDouble()));
            }
            List<Plan.Migration> migrations = new ArrayList<>();
            for (JsonNode m : b.path("migrations")) {
                migrations.add(new Plan.Migration(m.path("service").asText(), m.path("from_host").asText(),
                        m.path("to_host").asText()));
            }
            if (end <= start) {
                throw new HeadroomException(where + " ends at or before its start.");
            }
            if (start < 0) {
                throw new HeadroomException(where + " starts at " + b.path("start").asText() + ", before the window "
                        + "starts at " + problem.start() + ". Plan it again for this window.");
            }
            batches.add(new Plan.Batch(b.path("index").asInt(i), start, end, hosts, reservations, migrations,
                    b.path("binding").asText("")));
        }
        List<Plan.Unplanned> unplanned = new ArrayList<>();
        for (JsonNode u : root.path("unplanned")) {
            unplanned.add(new Plan.Unplanned(u.path("host").asText(), u.path("reason").asText()));
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        root.path("reasons").properties().forEach(e -> reasons.put(e.getKey(), e.getValue().asText()));
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asText()));
        Plan.Summary summary = PlanCheck.summarise(problem, batches, unplanned.size(), problem.policy().objective(), Optional.empty());
        return new Plan(root.path("scenario").asText(problem.scenario()), root.path("solver").asText("file"),
                problem.policy(), problem.start(), problem.step(), batches, unplanned, reasons, summary, notes);
    }

    private static int step(PlanningProblem problem, JsonNode o, String field, String where) {
        String text = o.path(field).asText(null);
        if (text == null) {
            throw new HeadroomException(where + " has no \"" + field + "\" time.");
        }
        try {
            Instant t = Instant.parse(text);
            long seconds = t.getEpochSecond() - problem.start().getEpochSecond();
            return (int) Math.floorDiv(seconds, problem.step().toSeconds());
        } catch (DateTimeParseException e) {
            throw new HeadroomException(where + "." + field + " is \"" + text + "\", not an ISO-8601 time such as "
                    + "2026-11-23T01:00:00Z.");
        }
    }
}
