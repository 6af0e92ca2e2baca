package dev.headroom.ui.dependencies;

import dev.headroom.domain.Service;
import dev.headroom.ui.LargeFleet;
import dev.headroom.ui.dependencies.GraphLayout.Box;
import dev.headroom.ui.dependencies.GraphLayout.Edge;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GraphLayoutTest {

    private static Edge e(String from, String to) {
        return new Edge(from, to);
    }

    @Test
    void callersAreLayeredAboveTheServicesTheyCallByTheLongestPath() {
        GraphLayout layout = GraphLayout.of(List.of("web", "api", "db", "cache"),
                List.of(e("web", "api"), e("api", "db"), e("web", "db"), e("api", "cache")));

        assertThat(layout.nodes().get("web").layer()).isZero();
        assertThat(layout.nodes().get("api").layer()).isEqualTo(1);
        assertThat(layout.nodes().get("db").layer()).as("below api, not just below web").isEqualTo(2);
        assertThat(layout.nodes().get("cache").layer()).isEqualTo(2);
        assertThat(layout.nodes().get("web").y()).isLessThan(layout.nodes().get("api").y());
        assertThat(layout.backEdges()).isEmpty();
    }

    @Test
    void aCycleIsLayeredByIgnoringOneBackEdge() {
        GraphLayout layout = GraphLayout.of(List.of("a", "b", "c", "d"),
                List.of(e("a", "b"), e("b", "c"), e("c", "a"), e("c", "d")));

        assertThat(layout.backEdges()).containsExactly(e("c", "a"));
        assertThat(layout.nodes().get("a").layer()).isZero();
        assertThat(layout.nodes().get("b").layer()).isEqualTo(1);
        assertThat(layout.nodes().get("c").layer()).isEqualTo(2);
        assertThat(layout.nodes().get("d").layer()).isEqualTo(3);
    }

    @Test
    void everyEdgeButBackEdgesPointsDownwards() {
        List<Edge> edges = List.of(e("fe", "cart"), e("fe", "ads"), e("cart", "redis"), e("checkout", "cart"),
                e("fe", "checkout"), e("checkout", "pay"), e("checkout", "mail"), e("pay", "fe"));
        GraphLayout layout = GraphLayout.of(List.of(), edges);

        for (Edge edge : edges) {
            if (!layout.backEdges().contains(edge)) {
                assertThat(layout.nodes().get(edge.from()).layer()).as(edge.toString())
                        .isLessThan(layout.nodes().get(edge.to()).layer());
            }
        }
        assertThat(layout.backEdges()).hasSize(1);
        assertNoOverlaps(layout);
    }

    @Test
    void barycenterOrderingRemovesAvoidableCrossings() {
        // by name the bottom layer would be x1, x2 under a, b crossed: a→x2, b→x1
        GraphLayout layout = GraphLayout.of(List.of("a", "b", "x1", "x2"), List.of(e("a", "x2"), e("b", "x1")));

        assertThat(layout.nodes().get("a").x()).isLessThan(layout.nodes().get("b").x());
        assertThat(layout.nodes().get("x2").x()).isLessThan(layout.nodes().get("x1").x());
    }

    @Test
    void servicesWithoutEdgesAndAnEmptyGraphAreLaidOut() {
        GraphLayout layout = GraphLayout.of(List.of("alone", "solo"), List.of());
        assertThat(layout.nodes()).containsOnlyKeys("alone", "solo");
        assertNoOverlaps(layout);

        GraphLayout empty = GraphLayout.of(List.of(), List.of());
        assertThat(empty.nodes()).isEmpty();
        assertThat(empty.width()).isPositive();
    }

    @Test
    void sixtyFourServicesAreLaidOutWithoutOverlapsAndWithinAReadableWidth() {
        Random random = new Random(7);
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            services.add(String.format("service-%02d", i));
        }
        List<Edge> edges = new ArrayList<>();
        for (int i = 1; i < services.size(); i++) {
            int callers = 1 + random.nextInt(2);
            for (int k = 0; k < callers; k++) {
                edges.add(e(services.get(random.nextInt(i)), services.get(i)));
            }
        }
        edges.add(e("service-63", "service-00")); // one cycle through everything above
        GraphLayout layout = GraphLayout.of(services, edges.stream().distinct().toList());

        assertThat(layout.nodes()).hasSize(64);
        assertNoOverlaps(layout);
        assertThat(layout.width()).as("at most ten boxes side by side").isLessThan(1400);
        assertThat(layout.nodes().values()).allSatisfy(b -> {
            assertThat(b.x()).isGreaterThanOrEqualTo(0);
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(layout.width());
            assertThat(b.y() + b.height()).isLessThanOrEqualTo(layout.height());
        });
        for (Edge edge : edges) {
            if (!layout.backEdges().contains(edge)) {
                assertThat(layout.nodes().get(edge.from()).y()).isLessThan(layout.nodes().get(edge.to()).y());
            }
        }
    }

    @Test
    void aWideLayerWrapsOntoSeveralRows() {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            edges.add(e("gateway", "leaf-" + i));
        }
        GraphLayout layout = GraphLayout.of(List.of(), edges, 10);

        Map<Integer, List<Box>> rows = layout.nodes().values().stream().collect(Collectors.groupingBy(Box::row));
        assertThat(rows).hasSize(4); // gateway, then 9 + 8 + 8 leaves: as few rows as fit, evenly filled
        assertThat(rows.values()).allSatisfy(r -> assertThat(r).hasSizeLessThanOrEqualTo(10));
        assertNoOverlaps(layout);
    }

    @Test
    void fittingKeepsEachLayerOnOneRowWhenTheWholeIsReadableElseWrapsToShowItLargest() {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            edges.add(e("gateway", "leaf-" + i));
        }
        GraphLayout roomy = GraphLayout.fitting(List.of(), edges, 3000, 400);
        GraphLayout tall = GraphLayout.fitting(List.of(), edges, 500, 1200);

        assertThat(rows(roomy)).as("gateway, then 9 + 8 + 8 leaves: at most ten in a row").isEqualTo(4);
        assertThat(scale(GraphLayout.of(List.of(), edges), 500, 1200)).isLessThan(GraphLayout.READABLE_ZOOM);
        assertThat(rows(tall)).isGreaterThan(rows(roomy));
        assertThat(scale(tall, 500, 1200)).isGreaterThanOrEqualTo(GraphLayout.READABLE_ZOOM);
        assertNoOverlaps(tall);

        List<Edge> small = List.of(e("web", "api"), e("web", "cart"), e("web", "search"), e("api", "db"));
        assertThat(GraphLayout.fitting(List.of(), small, 300, 2000)).as("readable without wrapping")
                .isEqualTo(GraphLayout.of(List.of(), small));
    }

    @Test
    void theSixtyFourServicePlatformFitsTheConsolesGraphAreaAtAReadableZoom() {
        List<Edge> edges = LargeFleet.dependencies().stream().map(d -> e(d.from(), d.to())).toList();
        List<String> services = LargeFleet.services().stream().map(Service::name).toList();

        GraphLayout layout = GraphLayout.fitting(services, edges, 785, 610); // the area at 1400 × 860

        assertThat(layout.nodes()).hasSize(64);
        assertNoOverlaps(layout);
        assertThat(scale(layout, 785, 610)).isGreaterThanOrEqualTo(GraphLayout.READABLE_ZOOM);
    }

    private static long rows(GraphLayout layout) {
        return layout.nodes().values().stream().map(Box::row).distinct().count();
    }

    private static double scale(GraphLayout layout, double width, double height) {
        return Math.min(width / layout.width(), height / layout.height());
    }

    private static void assertNoOverlaps(GraphLayout layout) {
        List<Box> boxes = layout.nodes().values().stream().sorted(Comparator.comparing(Box::name)).toList();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(boxes.get(i).overlaps(boxes.get(j))).as(boxes.get(i) + " and " + boxes.get(j)).isFalse();
            }
        }
    }
}
