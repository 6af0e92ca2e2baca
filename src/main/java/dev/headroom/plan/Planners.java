package dev.headroom.plan;

import dev.headroom.domain.HeadroomException;

import java.time.Duration;

/** The planners an operator can choose by name. */
public final class Planners {
    private Planners() {
    }

    /**
     * @throws HeadroomException when the name is unknown
     */
    public static Planner named(String name, Duration timeLimit) {
        return switch (name) {
            case "heuristic" -> new HeuristicPlanner();
            case "cpsat" -> new CpSatPlanner(timeLimit);
            default -> throw new HeadroomException("--solver \"" + name + "\" is not a planner. Use heuristic or cpsat.");
        };
    }
}
