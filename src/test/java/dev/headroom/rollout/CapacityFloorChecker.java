package dev.headroom.rollout;

import dev.headroom.domain.Host;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity floor and the surge ceiling at every tick of an account's rollout history,
 * reconstructed from what is stored: the journal's steps (states, first start and finish times)
 * and the sandbox ledger's reservations and host state. Written against the journal and ledger,
 * not the driver, so it keeps holding whatever the driver does in between.
 *
 * <p>The journal gives an over-approximation of the world: a provider acts only between a step's
 * {@code started} commit and its {@code done} commit, so a host is counted out of service from
 * the start of the step that drains it ({@code update}, {@code rollback}) until the end of the
 * step that gives it back ({@code restore} of its batch, its {@code rollback}), and a reservation
 * held from the start of its {@code reserve} until the end of its {@code release}. A bound that
 * holds on these intervals holds on the real ones inside them. The ledger's own reservation
 * times are checked against the same ceiling, and must lie inside the journal's intervals.
 *
 * <p>Ticks are ordered by time, then by rollout, then by step order, a step's start before its
 * end, so that two commits on the same clock reading are still taken in the order they were made.
 *
 * <p>Checked: (floor) at every tick the hosts out of service all belong to one batch of the plan,
 * the batch of the step that took them out, and per service no more of them than that batch puts
 * out; (ceiling) per service, region and instance type, the instances held never exceed the plan's
 * peak of concurrently planned reservations; (end) when a rollout has ended no host of it is out of
 * service and no reservation of it is held, and at the end of the history the ledger holds none.
 */
final class CapacityFloorChecker {
    private CapacityFloorChecker() {
    }

    /** What was checked, for the proofs' figures. */
    record Report(int ticks, int rollouts, Map<String, Integer> maxOutPerService, Map<String, Integer> maxHeld,
                  List<String> violations) {
        void assertHolds() {
            assertThat(violations).as("capacity floor / surge ceiling violations").isEmpty();
        }
    }

    private record Tick(Instant at, int rollout, int seq, int phase) implements Comparable<Tick> {
        @Override
        public int compareTo(Tick o) {
            return Comparator.comparing(Tick::at).thenComparingInt(Tick::rollout).thenComparingInt(Tick::seq)
                    .thenComparingInt(Tick::phase).compare(this, o);
        }
    }

    private record Event(Tick tick, String what, String subject, boolean begins, int batch, int count, String key) {
    }

    /** Checks the account's whole rollout history on the store; throws AssertionError naming every violation. */
    static Report assertHolds(SqliteStore store, Path db, String account) {
        Report report = check(store, db, account);
        report.assertHolds();
        return report;
    }

    static Report check(SqliteStore store, Path db, String account) {
        List<String> violations = new ArrayList<>();
        SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
        Map<String, Host> hosts = new HashMap<>();
        store.load(account, false).orElseThrow().hosts().forEach(h -> hosts.put(h.id(), h));
        SqliteScenarioRepository scenarios = new SqliteScenarioRepository(store);
        List<Rollout> rollouts = journal.rollouts(account);
        Map<String, Set<String>> appliedKeys = new HashMap<>();
        query(db, "SELECT idempotency_key, action FROM provider_action WHERE account = '" + account + "'")
                .forEach(row -> appliedKeys.computeIfAbsent(row.get(0), k -> new HashSet<>()).add(row.get(1)));

        List<Event> events = new ArrayList<>();
        Map<String, Integer> ceiling = new HashMap<>();
        Map<Integer, Instant> endOf = new HashMap<>();
        Map<String, Map<Integer, List<String>>> planOf = new HashMap<>();
        for (int ri = 0; ri < rollouts.size(); ri++) {
            Rollout r = rollouts.get(ri);
            Plan plan = RolloutPlans.read(scenarios.find(account, r.scenario()).orElseThrow());
            if (!PlanContent.of(plan).hash().equals(r.contentHash())) {
                violations.add(r.id() + ": the stored plan is not the approved content the rollout executes");
            }
            Map<Integer, List<String>> batches = new HashMap<>();
            plan.batches().forEach(b -> batches.put(b.index(), b.hosts()));
            planOf.put(r.id(), batches);
            planCeiling(plan).forEach((k, v) -> ceiling.merge(k, v, Math::max));
            // surge the driver added when load outgrew the margin (seed 000's adjustment) raises the ceiling
            // by what it asked for; it must still be released by the end like the plan's
            journal.steps(r.id()).stream().filter(s -> s.kind() == StepKind.RESERVE && s.subject().startsWith("adjust/"))
                    .forEach(s -> {
                        String[] f = s.argument().split("\\|");
                        ceiling.merge(f[0] + "/" + f[1] + "/" + f[2], Integer.parseInt(f[3]), Integer::sum);
                    });
            if (r.status().finished()) {
                endOf.put(ri, r.updated());
            }
            events.addAll(journalEvents(ri, r, journal.steps(r.id()), appliedKeys, violations));
        }
        // the ledger's reservations, timed by the provider's clock, count against the same ceiling; on
        // one clock reading they are ordered as the journal's steps that made them
        Map<String, Tick> journalTick = new HashMap<>();
        for (Event e : events) {
            if (e.what().equals("reservation")) {
                journalTick.putIfAbsent((e.begins() ? "+" : "-") + e.key(), e.tick());
            }
        }
        List<Event> ledger = new ArrayList<>();
        for (List<String> row : query(db, "SELECT reservation_key, service, region, instance_type, count, reserved_at, "
                + "released_at FROM sandbox_reservation WHERE account = '" + account + "'")) {
            String key = row.get(1) + "/" + row.get(2) + "/" + row.get(3);
            int count = Integer.parseInt(row.get(4));
            Tick from = journalTick.getOrDefault("+" + row.get(0), new Tick(Instant.EPOCH, 0, 0, 0));
            ledger.add(new Event(new Tick(Instant.parse(row.get(5)), from.rollout(), from.seq(), 0), "ledger", key,
                    true, 0, count, row.get(0)));
            if (row.get(6) != null) {
                Tick to = journalTick.getOrDefault("-" + row.get(0), new Tick(Instant.EPOCH, 0, 0, 1));
                ledger.add(new Event(new Tick(Instant.parse(row.get(6)), to.rollout(), to.seq(), 1), "ledger", key,
                        false, 0, count, row.get(0)));
            } else if (rollouts.stream().allMatch(r -> r.status().finished())) {
                violations.add("ledger: reservation " + row.get(0) + " is still held and no rollout is running");
            }
        }

        events.sort(Comparator.comparing(Event::tick));
        Map<String, Integer> outOf = new LinkedHashMap<>(); // host -> batch that took it out
        Map<String, String> outBy = new HashMap<>(); // host -> rollout id
        Map<String, Integer> held = new HashMap<>();
        Map<String, Integer> heldByKey = new HashMap<>();
        Map<String, Integer> maxOut = new TreeMap<>();
        Map<String, Integer> maxHeld = new TreeMap<>();
        int ticks = 0;
        for (Event e : events) {
            ticks++;
            String rolloutId = rollouts.get(e.tick().rollout()).id();
            switch (e.what()) {
                case "host" -> {
                    if (e.begins()) {
                        outOf.put(e.subject(), e.batch());
                        outBy.put(e.subject(), rolloutId);
                    } else {
                        outOf.remove(e.subject());
                        outBy.remove(e.subject());
                    }
                }
                case "reservation" -> {
                    if (e.begins()) {
                        held.merge(e.subject(), e.count(), Integer::sum);
                        heldByKey.put(e.key(), e.tick().rollout());
                    } else if (heldByKey.remove(e.key()) != null) {
                        held.merge(e.subject(), -e.count(), Integer::sum);
                    }
                }
                default -> throw new IllegalStateException(e.what());
            }
            // the floor: the hosts out all belong to the one batch of the plan that put them out
            Set<Integer> batchesOut = new HashSet<>(outOf.values());
            if (batchesOut.size() > 1) {
                violations.add("at " + e.tick().at() + ": hosts of several batches out of service at once: " + outOf);
            }
            Map<String, Integer> perService = new TreeMap<>();
            for (Map.Entry<String, Integer> out : outOf.entrySet()) {
                String host = out.getKey();
                List<String> batch = planOf.get(outBy.get(host)).getOrDefault(out.getValue(), List.of());
                if (!batch.contains(host)) {
                    violations.add("at " + e.tick().at() + ": host " + host + " is out of service outside its batch "
                            + "(batch " + out.getValue() + " of the plan is " + batch + ")");
                }
                for (String service : hosts.get(host).services()) {
                    perService.merge(service, 1, Integer::sum);
                    long planned = batch.stream().filter(h -> hosts.containsKey(h)
                            && hosts.get(h).services().contains(service)).count();
                    if (perService.get(service) > planned) {
                        violations.add("at " + e.tick().at() + ": " + perService.get(service) + " hosts of service "
                                + service + " out of service, the plan's batch " + out.getValue() + " puts out "
                                + planned);
                    }
                }
            }
            perService.forEach((s, n) -> maxOut.merge(s, n, Math::max));
            // the ceiling
            for (Map.Entry<String, Integer> h : held.entrySet()) {
                maxHeld.merge(h.getKey(), h.getValue(), Math::max);
                if (h.getValue() > ceiling.getOrDefault(h.getKey(), 0)) {
                    violations.add("at " + e.tick().at() + ": " + h.getValue() + " instances of " + h.getKey()
                            + " held, the plan's ceiling is " + ceiling.getOrDefault(h.getKey(), 0));
                }
            }
            // the end of a rollout: nothing of it out of service or held any more
            Instant end = endOf.get(e.tick().rollout());
            if (end != null && !e.tick().at().isBefore(end) && e.begins()) {
                violations.add(rolloutId + " ended at " + end + " but its " + e.what() + " " + e.subject()
                        + " was taken at " + e.tick().at());
            }
        }
        for (int ri : endOf.keySet()) {
            String id = rollouts.get(ri).id();
            outBy.forEach((h, r) -> {
                if (r.equals(id)) {
                    violations.add(id + " ended (" + rollouts.get(ri).status().label() + ") with host " + h
                            + " still out of service");
                }
            });
            heldByKey.forEach((k, r) -> {
                if (r == ri) {
                    violations.add(id + " ended (" + rollouts.get(ri).status().label() + ") with reservation " + k
                            + " still held");
                }
            });
        }
        checkLedger(ledger, ceiling, events, rollouts, violations);
        if (rollouts.stream().allMatch(r -> r.status().finished())) {
            query(db, "SELECT host, in_service FROM sandbox_host_state WHERE account = '" + account
                    + "' AND in_service = 0").forEach(row -> violations.add("ledger: host " + row.get(0)
                    + " is out of service and no rollout is running"));
        }
        return new Report(ticks, rollouts.size(), maxOut, maxHeld, violations);
    }

    /**
     * The intervals the journal gives. A failed update whose key the provider never applied took
     * nothing out (it was refused or deferred before acting), so its host is back at the failure.
     */
    private static List<Event> journalEvents(int ri, Rollout r, List<RolloutStep> steps,
                                             Map<String, Set<String>> applied, List<String> violations) {
        List<Event> events = new ArrayList<>();
        Map<String, RolloutStep> reserves = new HashMap<>();
        for (RolloutStep s : steps) {
            if (s.state() == StepState.PENDING || s.state() == StepState.SKIPPED) {
                // a wait an abort or a rollback ended (a health check waiting for its host's update, a
                // stabilisation, a shadow period, a hold) changed no capacity: only acting steps count
                boolean waits = s.kind() == StepKind.VERIFY || s.kind() == StepKind.STABILISE
                        || s.kind() == StepKind.SHADOW || s.kind() == StepKind.HOLD;
                if (s.attempts() > 0 && s.state() == StepState.SKIPPED && !waits) {
                    violations.add(r.id() + ": " + s.describe() + " skipped after it was attempted");
                }
                continue;
            }
            if (s.startedAt().isEmpty()) {
                violations.add(r.id() + ": " + s.describe() + " is " + s.state().label() + " without a start time");
                continue;
            }
            Tick start = new Tick(s.startedAt().get(), ri, s.seq(), 0);
            Optional<Tick> end = s.finishedAt().map(t -> new Tick(t, ri, s.seq(), 1));
            switch (s.kind()) {
                case UPDATE, ROLLBACK -> {
                    events.add(new Event(start, "host", s.subject(), true, s.batch(), 1, s.idempotencyKey()));
                    boolean backNow = s.kind() == StepKind.ROLLBACK && s.state() == StepState.DONE
                            || s.state() == StepState.FAILED && !applied.containsKey(s.idempotencyKey());
                    if (backNow && end.isPresent()) {
                        events.add(new Event(end.get(), "host", s.subject(), false, s.batch(), 1, s.idempotencyKey()));
                    }
                }
                case RESTORE -> {
                    if (s.state() == StepState.DONE && end.isPresent()) {
                        for (String h : s.argument().split(",")) {
                            if (!h.isBlank()) {
                                events.add(new Event(end.get(), "host", h.strip(), false, s.batch(), 1,
                                        s.idempotencyKey()));
                            }
                        }
                    }
                }
                case RESERVE -> {
                    String[] f = s.argument().split("\\|");
                    reserves.put(s.idempotencyKey(), s);
                    events.add(new Event(start, "reservation", f[0] + "/" + f[1] + "/" + f[2], true, s.batch(),
                            Integer.parseInt(f[3]), s.idempotencyKey()));
                    if (s.state() == StepState.FAILED && !applied.containsKey(s.idempotencyKey()) && end.isPresent()) {
                        events.add(new Event(end.get(), "reservation", f[0] + "/" + f[1] + "/" + f[2], false,
                                s.batch(), Integer.parseInt(f[3]), s.idempotencyKey()));
                    }
                }
                case RELEASE -> {
                    RolloutStep reserve = reserves.get(s.argument());
                    if (reserve == null) {
                        violations.add(r.id() + ": " + s.describe() + " releases " + s.argument()
                                + ", which no earlier step reserved");
                    } else if (s.state() == StepState.DONE && end.isPresent()) {
                        String[] f = reserve.argument().split("\\|");
                        events.add(new Event(end.get(), "reservation", f[0] + "/" + f[1] + "/" + f[2], false,
                                s.batch(), Integer.parseInt(f[3]), s.argument()));
                    }
                }
                default -> {
                    // verify, stabilise and what else the driver journals neither drain nor reserve
                }
            }
        }
        return events;
    }

    /** Per service/region/instance type: the most instances the plan has reserved at one plan time. */
    static Map<String, Integer> planCeiling(Plan plan) {
        Map<String, TreeMap<Integer, Integer>> deltas = new HashMap<>();
        for (Plan.Batch b : plan.batches()) {
            for (Plan.Reservation r : b.reservations()) {
                TreeMap<Integer, Integer> d = deltas.computeIfAbsent(r.service() + "/" + r.region() + "/"
                        + r.instanceType(), k -> new TreeMap<>());
                d.merge(r.fromStep(), r.count(), Integer::sum);
                d.merge(r.toStep(), -r.count(), Integer::sum);
            }
        }
        Map<String, Integer> out = new HashMap<>();
        deltas.forEach((k, d) -> {
            int level = 0;
            int peak = 0;
            for (int v : d.values()) {
                level += v;
                peak = Math.max(peak, level);
            }
            out.put(k, peak);
        });
        return out;
    }

    /** The ledger's reservations: under the ceiling on their own clock, and inside the journal's intervals. */
    private static void checkLedger(List<Event> ledger, Map<String, Integer> ceiling, List<Event> journal,
                                    List<Rollout> rollouts, List<String> violations) {
        Map<String, Instant> journalFrom = new HashMap<>();
        Map<String, Instant> journalTo = new HashMap<>();
        for (Event e : journal) {
            if (e.what().equals("reservation")) {
                (e.begins() ? journalFrom : journalTo).putIfAbsent(e.key(), e.tick().at());
            }
        }
        ledger.sort(Comparator.comparing(Event::tick));
        Map<String, Integer> held = new HashMap<>();
        for (Event e : ledger) {
            held.merge(e.subject(), e.begins() ? e.count() : -e.count(), Integer::sum);
            if (held.get(e.subject()) > ceiling.getOrDefault(e.subject(), 0)) {
                violations.add("ledger at " + e.tick().at() + ": " + held.get(e.subject()) + " instances of "
                        + e.subject() + " reserved, the plan's ceiling is " + ceiling.getOrDefault(e.subject(), 0));
            }
            Instant from = journalFrom.get(e.key());
            Instant to = journalTo.get(e.key());
            if (from == null) {
                violations.add("ledger: reservation " + e.key() + " was made without a journaled reserve step");
            } else if (e.begins() && e.tick().at().isBefore(from)) {
                violations.add("ledger: reservation " + e.key() + " made at " + e.tick().at()
                        + ", before its reserve step started at " + from);
            } else if (!e.begins() && to != null && e.tick().at().isAfter(to)) {
                violations.add("ledger: reservation " + e.key() + " released at " + e.tick().at()
                        + ", after its release step ended at " + to);
            }
        }
    }

    /** Rows of a query through a separate plain connection (reads only); a missing table gives none. */
    static List<List<String>> query(Path db, String sql) {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return out;
            }
            throw new IllegalStateException(sql, e);
        }
        return out;
    }
}
