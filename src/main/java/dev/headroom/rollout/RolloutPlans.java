package dev.headroom.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.HeadroomException;
import dev.headroom.plan.Plan;
import dev.headroom.plan.SavedScenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stored scenario's plan.json back into a {@link Plan} with exactly what the rollout
 * executes (batches, hosts, reservations, migrations, unplanned hosts), without planning again.
 * Times become steps of the largest step that divides them all, so the plan writes the same
 * times back and has the same content hash the approval covers; the summary is not needed for
 * that and is left at zero.
 */
final class RolloutPlans {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RolloutPlans() {
    }

    static Plan read(SavedScenario scenario) {
        String name = scenario.name();
        String json = scenario.planJson().orElseThrow(() -> new HeadroomException("Scenario \"" + name + "\" has no "
                + "plan to roll out. Plan it with \"headroom scenarios plan " + name + "\", approve it, then launch it."));
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HeadroomException("The stored plan of scenario \"" + name + "\" cannot be read ("
                    + e.getOriginalMessage() + "); nothing was launched. Plan it again.", e);
        }
        List<Instant> times = new ArrayList<>();
        for (JsonNode b : root.path("batches")) {
            times.add(Instant.parse(b.path("start").asText()));
            times.add(Instant.parse(b.path("end").asText()));
            for (JsonNode r : b.path("reservations")) {
                times.add(Instant.parse(r.path("from").asText()));
                times.add(Instant.parse(r.path("to").asText()));
            }
        }
        Instant start = times.stream().min(Instant::compareTo).orElse(Instant.EPOCH);
        long step = 0;
        for (Instant t : times) {
            step = gcd(step, Duration.between(start, t).getSeconds());
        }
        Duration unit = Duration.ofSeconds(step == 0 ? 60 : step);
        List<Plan.Batch> batches = new ArrayList<>();
        for (JsonNode b : root.path("batches")) {
            List<String> hosts = new ArrayList<>();
            b.path("hosts").forEach(h -> hosts.add(h.asText()));
            List<Plan.Reservation> reservations = new ArrayList<>();
            for (JsonNode r : b.path("reservations")) {
                reservations.add(new Plan.Reservation(r.path("service").asText(), r.path("region").asText(),
                        r.path("instance_type").asText(), r.path("count").asInt(), r.path("spot").asBoolean(),
                        steps(start, unit, r.path("from").asText()), steps(start, unit, r.path("to").asText()),
                        r.path("cores_each").asDouble(), r.path("cost_usd").asDouble()));
            }
            List<Plan.Migration> migrations = new ArrayList<>();
            for (JsonNode m : b.path("migrations")) {
                migrations.add(new Plan.Migration(m.path("service").asText(), m.path("from_host").asText(),
                        m.path("to_host").asText()));
            }
            batches.add(new Plan.Batch(b.path("index").asInt(), steps(start, unit, b.path("start").asText()),
                    steps(start, unit, b.path("end").asText()), hosts, reservations, migrations,
                    b.path("binding").asText()));
        }
        List<Plan.Unplanned> unplanned = new ArrayList<>();
        root.path("unplanned").forEach(u -> unplanned.add(new Plan.Unplanned(u.path("host").asText(),
                u.path("reason").asText())));
        JsonNode s = root.path("summary");
        Plan.Summary summary = new Plan.Summary(s.path("makespan_minutes").asLong(), s.path("surge_cost_usd").asDouble(),
                s.path("min_headroom_fraction").asDouble(), s.path("predicted_violations").asInt(), Optional.empty(),
                s.path("risk").asDouble(), s.path("energy_kwh").asDouble(), s.path("window_fits").asBoolean(),
                s.path("objective").asDouble());
        return new Plan(name, root.path("solver").asText(), scenario.policy(), start, unit, batches, unplanned,
                Map.of(), summary, List.of());
    }

    private static int steps(Instant start, Duration unit, String time) {
        return (int) (Duration.between(start, Instant.parse(time)).getSeconds() / unit.getSeconds());
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.abs(a) : gcd(b, a % b);
    }
}
