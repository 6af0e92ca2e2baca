package dev.headroom.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.audit.Canonical;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an approval of a plan covers, and its hash: what the rollout will do and the rules it was
 * planned under. Two plans with the same content hash do the same thing under the same policy.
 *
 * <p>The hash is SHA-256 over the {@link Canonical} encoding of, in this order: the tag
 * {@value #TAG}; every field of the {@link Policy} by name, in declaration order (doubles exact,
 * as {@link Double#toHexString}; an absent optional as {@code none}); then every batch in order
 * with its index, start and end time, hosts, reservations (service, region, instance type,
 * count, spot, from, to, cost, cores each) and migrations (service, from host, to host); then the
 * unplanned hosts. It deliberately leaves out what explains or measures the plan rather than
 * what it does: the scenario's name (the approval names it), the solver, each batch's binding
 * constraint, host reasons, notes, the reasons hosts were left unplanned, and the summary
 * figures. So planning again to the same batches keeps an approval, and anything the rollout
 * would do differently, or any policy field, voids it.
 *
 * @param hash                64 lower-case hex digits
 * @param unplanned           hosts the plan leaves out
 * @param predictedViolations service-steps over capacity on the forecast, from the plan's summary
 */
public record PlanContent(String hash, int batches, int hosts, List<String> unplanned, int predictedViolations,
                          double surgeCostUsd) {
    /** Versions the encoding: a later change to what is covered gives every plan a new hash. */
    public static final String TAG = "headroom-plan-content-1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PlanContent {
        unplanned = List.copyOf(unplanned);
    }

    public static PlanContent of(Plan plan) {
        return of(plan.policy(), PlanJson.write(plan), plan.scenario());
    }

    /**
     * The content of a stored scenario: its policy and its latest plan.
     *
     * @throws HeadroomException when it has not been planned or its plan cannot be read
     */
    public static PlanContent of(SavedScenario scenario) {
        String json = scenario.planJson().orElseThrow(() -> new HeadroomException("Scenario \"" + scenario.name()
                + "\" has no plan yet. Plan it with \"headroom scenarios plan " + scenario.name() + "\"."));
        return of(scenario.policy(), json, scenario.name());
    }

    private static PlanContent of(Policy policy, String planJson, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new HeadroomException("The stored plan of scenario \"" + name + "\" cannot be read ("
                    + e.getOriginalMessage() + "). Plan it again with \"headroom scenarios plan " + name + "\".", e);
        }
        Canonical c = new Canonical().add(TAG).add("policy");
        record(c, policy);
        JsonNode batches = root.path("batches");
        c.add("batches").add(batches.size());
        int hosts = 0;
        double surge = 0;
        for (JsonNode b : batches) {
            c.add("batch").add(b.path("index").asLong()).add(b.path("start").asText()).add(b.path("end").asText());
            c.add("hosts").add(b.path("hosts").size());
            for (JsonNode h : b.path("hosts")) {
                c.add(h.asText());
                hosts++;
            }
            c.add("reservations").add(b.path("reservations").size());
            for (JsonNode r : b.path("reservations")) {
                c.add(r.path("service").asText()).add(r.path("region").asText()).add(r.path("instance_type").asText())
                        .add(r.path("count").asLong()).add(Boolean.toString(r.path("spot").asBoolean()))
                        .add(r.path("from").asText()).add(r.path("to").asText())
                        .add(number(r.path("cost_usd"))).add(number(r.path("cores_each")));
                surge += r.path("cost_usd").asDouble();
            }
            c.add("migrations").add(b.path("migrations").size());
            for (JsonNode m : b.path("migrations")) {
                c.add(m.path("service").asText()).add(m.path("from_host").asText()).add(m.path("to_host").asText());
            }
        }
        List<String> unplanned = new ArrayList<>();
        root.path("unplanned").forEach(u -> unplanned.add(u.path("host").asText()));
        c.add("unplanned").add(unplanned.size());
        unplanned.forEach(c::add);
        return new PlanContent(c.sha256(), batches.size(), hosts, unplanned,
                root.path("summary").path("predicted_violations").asInt(), surge);
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? Double.toHexString(n.asDouble()) : "none";
    }

    /** A record's fields by name, in declaration order, so that a field added later is covered too. */
    private static void record(Canonical c, Record r) {
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = rc.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            c.add(rc.getName());
            value(c, value);
        }
    }

    private static void value(Canonical c, Object v) {
        if (v instanceof Optional<?> o) {
            if (o.isEmpty()) {
                c.add("none");
            } else {
                c.add("some");
                value(c, o.get());
            }
        } else if (v instanceof Double d) {
            c.add(Double.toHexString(d));
        } else if (v instanceof Record r) {
            record(c, r);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean || v instanceof String
                || v instanceof Instant || v instanceof Enum<?>) {
            c.add(String.valueOf(v));
        } else {
            // a new kind of policy field must be given an exact encoding here before it can be hashed
            throw new IllegalStateException("no canonical encoding for " + v.getClass());
        }
    }

    /** The figures an operator checks, e.g. {@code 4 batches, 12 hosts, 0 unplanned, surge $3.20}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d batches, %d hosts, %d unplanned, surge $%.2f", batches, hosts,
                unplanned.size(), surgeCostUsd);
    }
}
