package dev.headroom.ui.plan;

import dev.headroom.scenario.CsvFields;

import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plan as CSV for spreadsheets: one row per host of each batch (out of service from start to
 * end), then one row per surge reservation (held from start to end), then one per host left out.
 * The {@code kind} column tells them apart; times are ISO-8601 UTC like {@code plan.json}'s.
 */
public final class PlanCsv {
    public static final String HEADER = "kind,batch,start,end,host,service,region,instance_type,count,spot,cost_usd,reason";

    private PlanCsv() {
    }

    public static String write(Plan plan, PlanningProblem problem) {
        Map<String, PlanHost> hosts = new HashMap<>();
        problem.hosts().forEach(h -> hosts.put(h.id(), h));
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Plan.Batch b : plan.batches()) {
            for (String id : b.hosts()) {
                PlanHost h = hosts.get(id);
                row(out, "host", String.valueOf(b.index()), plan.time(b.startStep()).toString(),
                        plan.time(b.endStep()).toString(), id, h == null ? "" : h.service(), h == null ? "" : h.region(),
                        h == null ? "" : h.instanceType(), "", "", "", plan.hostReasons().getOrDefault(id, ""));
            }
        }
        for (Plan.Batch b : plan.batches()) {
            for (Plan.Reservation r : b.reservations()) {
                row(out, "reservation", String.valueOf(b.index()), plan.time(r.fromStep()).toString(),
                        plan.time(r.toStep()).toString(), "", r.service(), r.region(), r.instanceType(),
                        String.valueOf(r.count()), String.valueOf(r.spot()),
                        String.format(Locale.ROOT, "%.4f", r.costUsd()), "");
            }
        }
        for (Plan.Unplanned u : plan.unplanned()) {
            PlanHost h = hosts.get(u.host());
            row(out, "unplanned", "", "", "", u.host(), h == null ? "" : h.service(), h == null ? "" : h.region(),
                    h == null ? "" : h.instanceType(), "", "", "", u.reason());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(CsvFields.field(fields[i]));
        }
        out.append('\n');
    }
}
