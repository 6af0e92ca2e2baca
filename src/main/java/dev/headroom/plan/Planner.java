package dev.headroom.plan;

/** Turns a planning problem into a plan. */
public interface Planner {
    String name();

    Plan plan(PlanningProblem problem);
}
