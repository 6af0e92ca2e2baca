package dev.headroom.plan;

import dev.headroom.domain.Policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a planner needs, discretised into planning steps from the window's start: the
 * hosts, each service's demand per step, the surge capacity each region offers, the order the
 * dependency graph and releases impose, and the policy.
 *
 * @param scenario      name of the scenario (or account) the problem comes from
 * @param start         start of the window: step 0 begins here
 * @param step          length of a planning step
 * @param steps         steps in the window; no batch may end after the last
 * @param prerequisites per service, the services whose every host must be updated before it starts
 * @param unplannable   hosts that need an update but cannot have one, with the reason
 * @param notes         what the problem builder had to assume, in operator words
 */
public record PlanningProblem(String scenario, Policy policy, Instant start, Duration step, int steps,
                             List<PlanHost> hosts, Map<String, ServiceDemand> demands,
                             Map<String, List<SurgeOption>> surgeOptions, Map<String, Set<String>> prerequisites,
                             Map<String, String> unplannable, List<String> notes) {
    public PlanningProblem {
        if (steps < 1) {
            throw new IllegalArgumentException("the window must hold at least one planning step");
        }
        hosts = List.copyOf(hosts);
        demands = Collections.unmodifiableMap(new LinkedHashMap<>(demands));
        surgeOptions = Map.copyOf(surgeOptions);
        prerequisites = Map.copyOf(prerequisites);
        unplannable = Collections.unmodifiableMap(new LinkedHashMap<>(unplannable));
        notes = List.copyOf(notes);
        for (PlanHost h : hosts) {
            for (String s : h.services()) {
                if (!demands.containsKey(s)) {
                    throw new IllegalArgumentException("host " + h.id() + " runs " + s + ", which has no demand");
                }
            }
        }
        for (ServiceDemand d : demands.values()) {
            if (d.demandCores().length != steps) {
                throw new IllegalArgumentException(d.service() + ": demand has " + d.demandCores().length
                        + " steps, the window " + steps);
            }
        }
    }

    public Instant time(int stepIndex) {
        return start.plus(step.multipliedBy(stepIndex));
    }

    public Instant end() {
        return time(steps);
    }

    public double stepHours() {
        return step.toSeconds() / 3600.0;
    }

    /** Hosts that need an update and can have one. */
    public List<PlanHost> candidates() {
        return hosts.stream().filter(h -> h.needsUpdate() && !unplannable.containsKey(h.id())).toList();
    }

    /** Hosts per service (a shared host counts for each of its services). */
    public Map<String, List<PlanHost>> hostsByService() {
        Map<String, List<PlanHost>> out = new HashMap<>();
        for (PlanHost h : hosts) {
            for (String s : h.services()) {
                out.computeIfAbsent(s, k -> new ArrayList<>()).add(h);
            }
        }
        return out;
    }

    public Set<String> prerequisitesOf(String service) {
        return prerequisites.getOrDefault(service, Set.of());
    }
}
