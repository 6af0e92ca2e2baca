package dev.headroom.graph;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Release;
import dev.headroom.graph.GraphAnalysis.CriticalityScore;
import dev.headroom.graph.GraphAnalysis.Impacted;
import dev.headroom.graph.GraphAnalysis.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.headroom.graph.GraphTestData.graph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GraphAnalysisTest {
    /** frontend and admin are entry points; redis sits under cart, which two services call. */
    static final DependencyGraph SHOP = graph("frontend->cart", "frontend->checkout", "checkout->cart",
            "checkout->payment", "cart->redis", "admin->checkout");

    @Test
    void impactIsTheTransitiveDependantsNearestFirst() {
        assertThat(new GraphAnalysis(SHOP).impact("redis")).containsExactly(
                new Impacted("cart", 1, "redis"),
                new Impacted("checkout", 2, "cart"),
                new Impacted("frontend", 2, "cart"),
                new Impacted("admin", 3, "checkout"));
        assertThat(new GraphAnalysis(SHOP).impact("frontend")).isEmpty();
    }

    @Test
    void impactOfAnUnknownServiceIsAnOperatorError() {
        assertThatThrownBy(() -> new GraphAnalysis(SHOP).impact("carts")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("\"carts\" is not in the dependency graph");
    }

    @Test
    void blastRadiusOfSeveralServicesSkipsTheServicesTakenOut() {
        assertThat(new GraphAnalysis(SHOP).blastRadius(List.of("payment", "cart"))).containsExactly(
                new Impacted("checkout", 1, "cart"),
                new Impacted("frontend", 1, "cart"),
                new Impacted("admin", 2, "checkout"));
    }

    @Test
    void orderPutsCalleesFirstAndTiesByName() {
        assertThat(services(new GraphAnalysis(SHOP).updateOrder(List.of()).steps()))
                .containsExactly("payment", "redis", "cart", "checkout", "admin", "frontend");
    }

    @Test
    void aCycleIsOneUnitNamedByItsCycle() {
        DependencyGraph g = graph("a->b", "b->a", "c->a", "b->d");

        GraphAnalysis.UpdateOrder order = new GraphAnalysis(g).updateOrder(List.of());

        assertThat(order.steps()).containsExactly(
                new Step(1, List.of("d"), Optional.empty()),
                new Step(2, List.of("a", "b"), Optional.of("cycle: a → b → a")),
                new Step(3, List.of("c"), Optional.empty()));
        assertThat(order.notes()).containsExactly(
                "Step 2 is a cycle: a → b → a; its services are updated together as one unit.");
    }

    @Test
    void aLongerCycleIsNamedThroughAllItsServices() {
        GraphAnalysis.UpdateOrder order = new GraphAnalysis(graph("x->y", "y->z", "z->x")).updateOrder(List.of());

        assertThat(order.steps()).singleElement()
                .satisfies(s -> assertThat(s.cycle()).contains("cycle: x → y → z → x"));
    }

    @Test
    void aRequirementPutsTheRequiredServiceFirst() {
        DependencyGraph g = graph("alpha->db", "zeta->db");
        assertThat(services(new GraphAnalysis(g).updateOrder(List.of()).steps()))
                .as("by name without a release").containsExactly("db", "alpha", "zeta");

        Release alpha = new Release("alpha", "v2", List.of("zeta>=7.2"), false);

        assertThat(services(new GraphAnalysis(g).updateOrder(List.of(alpha)).steps()))
                .containsExactly("db", "zeta", "alpha");
    }

    @Test
    void aRequirementAgainstTheCallDirectionMakesACycle() {
        Release db = new Release("db", "v9", List.of("alpha"), false);

        GraphAnalysis.UpdateOrder order = new GraphAnalysis(graph("alpha->db")).updateOrder(List.of(db));

        assertThat(order.steps()).singleElement().satisfies(s -> {
            assertThat(s.services()).containsExactly("alpha", "db");
            assertThat(s.cycle()).contains("cycle: alpha → db → alpha");
        });
    }

    @Test
    void aRequirementOnAnUnknownServiceIsNotedAndIgnored() {
        Release alpha = new Release("alpha", "v2", List.of("kafka>=3"), false);

        GraphAnalysis.UpdateOrder order = new GraphAnalysis(graph("alpha->db")).updateOrder(List.of(alpha));

        assertThat(services(order.steps())).containsExactly("db", "alpha");
        assertThat(order.notes()).singleElement().asString().contains("kafka>=3", "not in the graph");
    }

    @Test
    void aBreakingReleaseGoesBeforeItsDependantsEvenInACycle() {
        Release breaking = new Release("b", "v3", List.of(), true);
        DependencyGraph dag = graph("caller->b");
        DependencyGraph cycle = graph("a->b", "b->a");

        assertThat(services(new GraphAnalysis(dag).updateOrder(List.of(breaking)).steps()))
                .containsExactly("b", "caller");
        GraphAnalysis.UpdateOrder order = new GraphAnalysis(cycle).updateOrder(List.of(breaking));
        assertThat(order.steps()).singleElement().satisfies(s -> {
            assertThat(s.services()).containsExactly("b", "a");
            assertThat(s.cycle()).contains("cycle: b → a → b");
        });
    }

    @Test
    void aReleaseOfAServiceOutsideTheGraphIsStillOrdered() {
        Release lone = new Release("batch", "v1", List.of("db"), false);

        assertThat(services(new GraphAnalysis(graph("alpha->db")).updateOrder(List.of(lone)).steps()))
                .containsExactly("db", "alpha", "batch");
    }

    @Test
    void criticalityPropagatesFromDependantsWithDecay() {
        DependencyGraph g = DependencyGraph.of(
                Map.of("top", Criticality.CRITICAL, "mid", Criticality.LOW, "side", Criticality.MEDIUM),
                List.of(new Dependency("top", "mid", 1, ""), new Dependency("mid", "leaf", 1, ""),
                        new Dependency("side", "leaf", 1, "")));

        Map<String, CriticalityScore> scores = byService(new GraphAnalysis(g).criticality());

        assertThat(scores.get("top").propagated()).isEqualTo(1.0);
        assertThat(scores.get("mid").propagated()).isCloseTo(0.9, within(1e-12));
        assertThat(scores.get("mid").origin()).isEqualTo("top");
        assertThat(scores.get("leaf").propagated()).as("1.0 × 0.9 × 0.9 beats side's 0.5 × 0.9")
                .isCloseTo(0.81, within(1e-12));
        assertThat(scores.get("leaf").own()).isEmpty();
        assertThat(scores.get("side").propagated()).isEqualTo(0.5);
        assertThat(scores.get("leaf").fanIn()).isEqualTo(2);
        assertThat(scores.get("leaf").dependants()).isEqualTo(3);
        // of the 12 ordered pairs of other services, only top → leaf runs through mid: 1 / (3 × 2)
        assertThat(scores.get("mid").betweenness()).isCloseTo(1.0 / 6, within(1e-9));
        assertThat(scores.get("top").betweenness()).isZero();
        assertThat(new GraphAnalysis(g).criticality()).extracting(CriticalityScore::service)
                .containsExactly("top", "mid", "leaf", "side");
        assertThat(new GraphAnalysis(g).propagatedCriticality()).as("the same values by name, for load scores")
                .containsOnlyKeys("top", "mid", "leaf", "side")
                .containsEntry("top", 1.0).containsEntry("side", 0.5)
                .hasEntrySatisfying("leaf", v -> assertThat(v).isCloseTo(0.81, within(1e-12)));
    }

    @Test
    void criticalityPropagationSettlesOnACycle() {
        DependencyGraph g = DependencyGraph.of(Map.of("a", Criticality.CRITICAL),
                List.of(new Dependency("a", "b", 1, ""), new Dependency("b", "a", 1, ""),
                        new Dependency("b", "c", 1, "")));

        Map<String, CriticalityScore> scores = byService(new GraphAnalysis(g).criticality());

        assertThat(scores.get("a").propagated()).isEqualTo(1.0);
        assertThat(scores.get("b").propagated()).isCloseTo(0.9, within(1e-12));
        assertThat(scores.get("c").propagated()).isCloseTo(0.81, within(1e-12));
        assertThat(scores.get("c").origin()).isEqualTo("a");
    }

    @Test
    void theSameEdgeFromTwoSourcesIsOneEdgeWithBothEvidences() {
        DependencyGraph g = DependencyGraph.builder()
                .edge(new Dependency("a", "b", 0, "deploy.yaml:12 env B_ADDR"))
                .edge(new Dependency("a", "b", 42, "istio_requests_total"))
                .edge(new Dependency("a", "b", 0, "deploy.yaml:12 env B_ADDR"))
                .build();

        assertThat(g.edges()).singleElement().isEqualTo(new GraphEdge("a", "b", 42,
                List.of("deploy.yaml:12 env B_ADDR", "istio_requests_total")));
        assertThat(g.graph().getEdgeWeight(g.edge("a", "b").orElseThrow())).isEqualTo(42);
        assertThat(g.dependencies()).containsExactly(
                new Dependency("a", "b", 42, "deploy.yaml:12 env B_ADDR; istio_requests_total"));
    }

    @Test
    void theJGraphTViewCannotBeChanged() {
        assertThatThrownBy(() -> SHOP.graph().addVertex("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> services(List<Step> steps) {
        return steps.stream().flatMap(s -> s.services().stream()).toList();
    }

    private static Map<String, CriticalityScore> byService(List<CriticalityScore> scores) {
        return scores.stream().collect(java.util.stream.Collectors.toMap(CriticalityScore::service, s -> s));
    }
}
