package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The content hash an approval covers: what changes it and what deliberately does not. */
class PlanContentTest {
    private static final PlanningProblem PROBLEM = TestProblems.create()
            .policy(TestProblems.policy(0.2, 0.25, 3, 0.5, Optional.empty(), true))
            .service("web", Criticality.MEDIUM, 8, 4, "eu", 3, 0.7).surge("eu", "m5.large", 2, 0.1, 0.04).build();
    private static final Plan PLAN = new HeuristicPlanner().plan(PROBLEM);

    private static String hash(Plan p) {
        return PlanContent.of(p).hash();
    }

    private static Plan withBatch(int i, UnaryOperator<Plan.Batch> change) {
        List<Plan.Batch> batches = new ArrayList<>(PLAN.batches());
        batches.set(i, change.apply(batches.get(i)));
        return new Plan(PLAN.scenario(), PLAN.solver(), PLAN.policy(), PLAN.start(), PLAN.step(), batches,
                PLAN.unplanned(), PLAN.hostReasons(), PLAN.summary(), PLAN.notes());
    }

    private static Plan.Batch batch(Plan.Batch b, int start, int end, List<String> hosts,
                                    List<Plan.Reservation> reservations, List<Plan.Migration> migrations) {
        return new Plan.Batch(b.index(), start, end, hosts, reservations, migrations, b.binding());
    }

    private static Plan.Batch reservation(Plan.Batch b, UnaryOperator<Plan.Reservation> change) {
        List<Plan.Reservation> rs = new ArrayList<>(b.reservations());
        rs.set(0, change.apply(rs.get(0)));
        return batch(b, b.startStep(), b.endStep(), b.hosts(), rs, b.migrations());
    }

    private static Plan withPolicy(Policy p) {
        return new Plan(PLAN.scenario(), PLAN.solver(), p, PLAN.start(), PLAN.step(), PLAN.batches(), PLAN.unplanned(),
                PLAN.hostReasons(), PLAN.summary(), PLAN.notes());
    }

    @Test
    void theTestPlanHasWhatTheOtherTestsChange() {
        assertThat(PLAN.batches()).hasSizeGreaterThan(1);
        assertThat(PLAN.batches().get(0).reservations()).isNotEmpty();
        assertThat(PlanContent.of(PLAN).describe()).isEqualTo("4 batches, 8 hosts, 0 unplanned, surge $"
                + String.format(java.util.Locale.ROOT, "%.2f", PLAN.summary().surgeCostUsd()));
    }

    @Test
    void anyChangeToABatchGivesAnotherHash() {
        Plan.Batch first = PLAN.batches().get(0);
        String other = PLAN.batches().get(1).hosts().get(0);
        List<Plan> changed = List.of(
                withBatch(0, b -> batch(b, b.startStep() + 1, b.endStep() + 1, b.hosts(), b.reservations(),
                        b.migrations())),
                withBatch(0, b -> batch(b, b.startStep(), b.endStep() + 1, b.hosts(), b.reservations(),
                        b.migrations())),
                withBatch(0, b -> batch(b, b.startStep(), b.endStep(), b.hosts().subList(1, b.hosts().size()),
                        b.reservations(), b.migrations())),
                withBatch(0, b -> batch(b, b.startStep(), b.endStep(), List.of(other, b.hosts().get(1)),
                        b.reservations(), b.migrations())),
                withBatch(0, b -> batch(b, b.startStep(), b.endStep(), b.hosts(), List.of(), b.migrations())),
                withBatch(0, b -> batch(b, b.startStep(), b.endStep(), b.hosts(), b.reservations(),
                        List.of(new Plan.Migration("web", first.hosts().get(0), other)))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count() + 1, r.spot(), r.fromStep(), r.toStep(), r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), "m5.xlarge",
                        r.count(), r.spot(), r.fromStep(), r.toStep(), r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), "us", r.instanceType(),
                        r.count(), r.spot(), r.fromStep(), r.toStep(), r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count(), !r.spot(), r.fromStep(), r.toStep(), r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count(), r.spot(), r.fromStep() - 1, r.toStep(), r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count(), r.spot(), r.fromStep(), r.toStep() + 1, r.coresEach(), r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count(), r.spot(), r.fromStep(), r.toStep(), r.coresEach() * 2, r.costUsd()))),
                withBatch(0, b -> reservation(b, r -> new Plan.Reservation(r.service(), r.region(), r.instanceType(),
                        r.count(), r.spot(), r.fromStep(), r.toStep(), r.coresEach(), Math.nextUp(r.costUsd())))),
                new Plan(PLAN.scenario(), PLAN.solver(), PLAN.policy(), PLAN.start(), PLAN.step(),
                        PLAN.batches().subList(0, PLAN.batches().size() - 1), PLAN.unplanned(), PLAN.hostReasons(),
                        PLAN.summary(), PLAN.notes()),
                new Plan(PLAN.scenario(), PLAN.solver(), PLAN.policy(), PLAN.start(), PLAN.step(), PLAN.batches(),
                        List.of(new Plan.Unplanned("web-9", "no room")), PLAN.hostReasons(), PLAN.summary(),
                        PLAN.notes()),
                // the same steps from another start are other times
                new Plan(PLAN.scenario(), PLAN.solver(), PLAN.policy(), PLAN.start().plus(Duration.ofMinutes(5)),
                        PLAN.step(), PLAN.batches(), PLAN.unplanned(), PLAN.hostReasons(), PLAN.summary(),
                        PLAN.notes()));
        List<String> hashes = new ArrayList<>();
        hashes.add(hash(PLAN));
        changed.forEach(p -> hashes.add(hash(p)));
        assertThat(hashes).doesNotHaveDuplicates();
    }

    /** Every field of the policy, found by reflection so that a field added later is covered by this test too. */
    @Test
    void anyChangeToAPolicyFieldGivesAnotherHash() throws Exception {
        Policy base = PLAN.policy();
        RecordComponent[] fields = Policy.class.getRecordComponents();
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].getType();
        }
        List<String> hashes = new ArrayList<>(List.of(hash(PLAN)));
        for (int i = 0; i < fields.length; i++) {
            Object[] args = new Object[fields.length];
            for (int j = 0; j < fields.length; j++) {
                args[j] = fields[j].getAccessor().invoke(base);
            }
            args[i] = changed(fields[i].getName(), args[i]);
            Policy p = Policy.class.getDeclaredConstructor(types).newInstance(args);
            assertThat(p).as(fields[i].getName()).isNotEqualTo(base);
            hashes.add(hash(withPolicy(p)));
        }
        assertThat(hashes).hasSize(fields.length + 1).doesNotHaveDuplicates();
        Window w = base.window().orElseThrow();
        assertThat(hash(withPolicy(base.withWindow(new Window(w.start(), w.end().plusSeconds(1))))))
                .isNotEqualTo(hash(PLAN));
    }

    private static Object changed(String field, Object v) {
        if (v instanceof Double d) {
            return d > 0.5 ? d - 0.05 : d + 0.05;
        }
        if (v instanceof Integer n) {
            return n + 1;
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (field.equals("window")) {
            return Optional.empty();
        }
        if (field.equals("budgetUsd")) {
            return Optional.of(500.0);
        }
        if (v instanceof dev.headroom.domain.Objective o) {
            return new dev.headroom.domain.Objective(o.perWindowHour() + 1, o.perUsd(), o.perKwh(), o.perRisk());
        }
        throw new AssertionError("no change defined for policy field " + field + "; add one");
    }

    @Test
    void whatExplainsOrMeasuresThePlanIsNotCovered() {
        Plan.Summary s = PLAN.summary();
        Plan explainedOtherwise = new Plan("another-name", "cpsat", PLAN.policy(), PLAN.start(), PLAN.step(),
                PLAN.batches().stream().map(b -> new Plan.Batch(b.index(), b.startStep(), b.endStep(), b.hosts(),
                        b.reservations(), b.migrations(), "some other binding")).toList(),
                PLAN.unplanned(), Map.of("web-1", "because"), new Plan.Summary(s.makespanMinutes() + 1, 0, 0.5, 0,
                Optional.of(0.01), 9, 9, false, 42), List.of("a note"));
        assertThat(hash(explainedOtherwise)).isEqualTo(hash(PLAN));
    }

    @Test
    void aPlanReadBackFromItsStoredJsonHasTheSameHash() {
        Plan back = PlanJson.read(PlanJson.write(PLAN), "plan.json", PROBLEM);
        assertThat(back.hostReasons()).isEqualTo(PLAN.hostReasons());
        assertThat(hash(back)).isEqualTo(hash(PLAN));
        SavedScenario stored = new SavedScenario("shop", "night", PLAN.policy(), PLAN.solver(),
                Optional.of(PlanJson.write(PLAN)), Instant.EPOCH, Instant.EPOCH);
        assertThat(PlanContent.of(stored).hash()).isEqualTo(hash(PLAN));
    }
}
