package dev.headroom.ui.dependencies;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A layered drawing of a directed graph, callers at the top and the services they call below
 * (Sugiyama's scheme without dummy nodes): back edges found by a depth-first search are ignored
 * so that cycles can be layered, each service goes one layer below its lowest caller (longest
 * path), and services in a layer are ordered by the barycenter of their neighbours in a few
 * down and up sweeps, which removes most crossings. A layer of more than {@code maxPerRow}
 * services, or wider than {@code maxRowWidth}, wraps onto several rows, so that a graph of many
 * leaves stays readable; {@link #fitting} picks the wrapping that suits the area it is shown in.
 * Pure Java, no JavaFX.
 *
 * @param nodes     every service's box, by name
 * @param backEdges the edges ignored for layering (they point upwards in the drawing)
 * @param width     the width of the whole drawing
 * @param height    the height of the whole drawing
 */
public record GraphLayout(Map<String, Box> nodes, Set<Edge> backEdges, double width, double height) {
    public static final double NODE_HEIGHT = 30;
    public static final double MIN_NODE_WIDTH = 84;
    /** Approximate width of one character of a service name at the node's font size. */
    public static final double CHAR_WIDTH = 7.2;
    public static final double H_GAP = 24;
    public static final double ROW_GAP = 56;
    public static final double MARGIN = 24;
    public static final int DEFAULT_MAX_PER_ROW = 10;
    /**
     * The smallest zoom at which service names stay readable: at 0.6 the 12 px names are about
     * 7 px high, still legible (see the 64-service screenshot); a new graph is not fitted smaller.
     */
    public static final double READABLE_ZOOM = 0.6;
    private static final int SWEEPS = 3;

    /** A directed edge: {@code from} calls {@code to}. */
    public record Edge(String from, String to) {
    }

    /**
     * A service's box; {@code x}, {@code y} is its top left corner.
     *
     * @param layer 0 for services nobody calls, growing downwards
     * @param row   the row of the drawing the box is in (a wide layer takes several rows)
     */
    public record Box(String name, int layer, int row, double x, double y, double width, double height) {
        public double centerX() {
            return x + width / 2;
        }

        public double centerY() {
            return y + height / 2;
        }

        public boolean overlaps(Box o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
        }
    }

    public GraphLayout {
        nodes = Map.copyOf(nodes);
        backEdges = Set.copyOf(backEdges);
    }

    public static GraphLayout of(Collection<String> services, Collection<Edge> edges) {
        return of(services, edges, DEFAULT_MAX_PER_ROW);
    }

    public static GraphLayout of(Collection<String> services, Collection<Edge> edges, int maxPerRow) {
        return of(services, edges, maxPerRow, Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxRowWidth the widest a row of boxes may be (gaps included, margins not); a row
     *                    always holds at least one box
     */
    public static GraphLayout of(Collection<String> services, Collection<Edge> edges, int maxPerRow,
                                 double maxRowWidth) {
        Ordered o = ordered(services, edges);
        return place(o.layers(), o.layer(), Math.max(1, maxPerRow), maxRowWidth, o.back());
    }

    /**
     * The layout for a {@code viewWidth} × {@code viewHeight} area: the least wrapping of the
     * layers onto rows (none, or rows down to a third of the widest layer) whose whole drawing
     * fits the area at {@link #READABLE_ZOOM} or more, so that a layer stays one row whenever it
     * can; when no wrapping gets there, the one that can be shown largest.
     */
    public static GraphLayout fitting(Collection<String> services, Collection<Edge> edges, double viewWidth,
                                      double viewHeight) {
        Ordered o = ordered(services, edges);
        GraphLayout best = place(o.layers(), o.layer(), DEFAULT_MAX_PER_ROW, Double.POSITIVE_INFINITY, o.back());
        if (!(viewWidth > 0 && viewHeight > 0)) {
            return best;
        }
        double widest = best.width() - 2 * MARGIN;
        double bestScale = scale(best, viewWidth, viewHeight);
        for (int tenths = 9; tenths >= 3 && bestScale < READABLE_ZOOM; tenths--) {
            GraphLayout candidate = place(o.layers(), o.layer(), DEFAULT_MAX_PER_ROW, widest * tenths / 10, o.back());
            double scale = scale(candidate, viewWidth, viewHeight);
            if (scale > bestScale + 1e-9) {
                best = candidate;
                bestScale = scale;
            }
        }
        return best;
    }

    /** The zoom at which the whole drawing fits the area. */
    private static double scale(GraphLayout layout, double viewWidth, double viewHeight) {
        return Math.min(viewWidth / layout.width(), viewHeight / layout.height());
    }

    /** The graph's layers, each in its crossing-reducing order, and the edges ignored for layering. */
    private record Ordered(List<List<String>> layers, Map<String, Integer> layer, Set<Edge> back) {
    }

    private static Ordered ordered(Collection<String> services, Collection<Edge> edges) {
        Set<String> vertices = new TreeSet<>(services);
        edges.forEach(e -> {
            vertices.add(e.from());
            vertices.add(e.to());
        });
        Map<String, List<String>> out = new TreeMap<>();
        vertices.forEach(v -> out.put(v, new ArrayList<>()));
        edges.stream().filter(e -> !e.from().equals(e.to())).distinct()
                .forEach(e -> out.get(e.from()).add(e.to()));
        out.values().forEach(l -> l.sort(Comparator.naturalOrder()));

        Set<Edge> back = backEdges(vertices, out);
        Map<String, List<String>> down = new HashMap<>();
        Map<String, List<String>> up = new HashMap<>();
        vertices.forEach(v -> {
            down.put(v, new ArrayList<>());
            up.put(v, new ArrayList<>());
        });
        out.forEach((from, tos) -> tos.stream().filter(to -> !back.contains(new Edge(from, to))).forEach(to -> {
            down.get(from).add(to);
            up.get(to).add(from);
        }));
        Map<String, Integer> layer = layers(vertices, down, up);
        return new Ordered(order(vertices, layer, down, up), layer, back);
    }

    /** Edges that close a cycle in a depth-first search from every vertex in name order. */
    static Set<Edge> backEdges(Set<String> vertices, Map<String, List<String>> out) {
        Set<Edge> back = new HashSet<>();
        Map<String, Integer> state = new HashMap<>(); // 1 on the stack, 2 done
        for (String root : vertices) {
            if (state.containsKey(root)) {
                continue;
            }
            // iterative DFS: a stack of (vertex, next child index)
            List<String> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(root);
            next.add(0);
            state.put(root, 1);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                String v = stack.get(top);
                List<String> children = out.get(v);
                int i = next.get(top);
                if (i < children.size()) {
                    next.set(top, i + 1);
                    String w = children.get(i);
                    Integer s = state.get(w);
                    if (s == null) {
                        state.put(w, 1);
                        stack.add(w);
                        next.add(0);
                    } else if (s == 1) {
                        back.add(new Edge(v, w));
                    }
                } else {
                    state.put(v, 2);
                    stack.remove(top);
                    next.remove(top);
                }
            }
        }
        return back;
    }

    /** Longest-path layering over the acyclic edges: a service sits one layer below its lowest caller. */
    private static Map<String, Integer> layers(Set<String> vertices, Map<String, List<String>> down,
                                               Map<String, List<String>> up) {
        Map<String, Integer> remaining = new HashMap<>();
        List<String> ready = new ArrayList<>();
        for (String v : vertices) {
            remaining.put(v, up.get(v).size());
            if (up.get(v).isEmpty()) {
                ready.add(v);
            }
        }
        Map<String, Integer> layer = new HashMap<>();
        vertices.forEach(v -> layer.put(v, 0));
        for (int i = 0; i < ready.size(); i++) {
            String v = ready.get(i);
            for (String w : down.get(v)) {
                layer.put(w, Math.max(layer.get(w), layer.get(v) + 1));
                if (remaining.merge(w, -1, Integer::sum) == 0) {
                    ready.add(w);
                }
            }
        }
        return layer;
    }

    /** Layers in order, each ordered by barycenter sweeps. */
    private static List<List<String>> order(Set<String> vertices, Map<String, Integer> layer,
                                            Map<String, List<String>> down, Map<String, List<String>> up) {
        int count = vertices.stream().mapToInt(layer::get).max().orElse(-1) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(new ArrayList<>());
        }
        vertices.forEach(v -> layers.get(layer.get(v)).add(v)); // by name at first
        Map<String, Double> position = new HashMap<>();
        layers.forEach(l -> positions(l, position));
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int i = 1; i < count; i++) {
                sortByBarycenter(layers.get(i), up, position);
            }
            for (int i = count - 2; i >= 0; i--) {
                sortByBarycenter(layers.get(i), down, position);
            }
        }
        return layers;
    }

    /** A service's position as a fraction of its layer's width, so that layers of different sizes compare. */
    private static void positions(List<String> layer, Map<String, Double> position) {
        for (int i = 0; i < layer.size(); i++) {
            position.put(layer.get(i), (i + 0.5) / layer.size());
        }
    }

    private static void sortByBarycenter(List<String> layer, Map<String, List<String>> neighbours,
                                         Map<String, Double> position) {
        Map<String, Double> key = new LinkedHashMap<>();
        for (String v : layer) {
            List<String> n = neighbours.get(v);
            key.put(v, n.isEmpty() ? position.get(v)
                    : n.stream().mapToDouble(position::get).average().orElseThrow());
        }
        layer.sort(Comparator.comparingDouble(key::get)); // stable: ties keep their order
        positions(layer, position);
    }

    private static GraphLayout place(List<List<String>> layers, Map<String, Integer> layer, int maxPerRow,
                                     double maxRowWidth, Set<Edge> back) {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> l : layers) {
            rows.addAll(wrap(l, maxPerRow, maxRowWidth));
        }
        double[] rowWidth = new double[rows.size()];
        double width = 0;
        for (int r = 0; r < rows.size(); r++) {
            double w = 0;
            for (String v : rows.get(r)) {
                w += boxWidth(v);
            }
            rowWidth[r] = w + H_GAP * Math.max(0, rows.get(r).size() - 1);
            width = Math.max(width, rowWidth[r]);
        }
        Map<String, Box> nodes = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            double x = MARGIN + (width - rowWidth[r]) / 2;
            double y = MARGIN + r * (NODE_HEIGHT + ROW_GAP);
            for (String v : rows.get(r)) {
                double w = boxWidth(v);
                nodes.put(v, new Box(v, layer.get(v), r, x, y, w, NODE_HEIGHT));
                x += w + H_GAP;
            }
        }
        double height = rows.isEmpty() ? 2 * MARGIN
                : 2 * MARGIN + rows.size() * NODE_HEIGHT + (rows.size() - 1) * ROW_GAP;
        return new GraphLayout(nodes, back, width + 2 * MARGIN, height);
    }

    /**
     * A layer cut into rows of at most {@code maxPerRow} boxes and {@code maxRowWidth}, as evenly
     * as the widths allow: the fewest rows that fit, then about the same number of boxes in each,
     * so that no row is a lonely remainder.
     */
    private static List<List<String>> wrap(List<String> layer, int maxPerRow, double maxRowWidth) {
        for (int rows = Math.max(1, (layer.size() + maxPerRow - 1) / maxPerRow); ; rows++) {
            List<List<String>> out = new ArrayList<>();
            int from = 0;
            boolean fits = true;
            for (int r = 0; r < rows && from < layer.size(); r++) {
                int size = (layer.size() - from + rows - r - 1) / (rows - r); // what is left, spread evenly
                int to = from + size;
                double w = 0;
                for (int i = from; i < to; i++) {
                    w += boxWidth(layer.get(i)) + (i > from ? H_GAP : 0);
                }
                fits &= w <= maxRowWidth || size == 1;
                out.add(layer.subList(from, to));
                from = to;
            }
            if (fits || rows >= layer.size()) {
                return out;
            }
        }
    }

    static double boxWidth(String name) {
        return Math.max(MIN_NODE_WIDTH, Math.ceil(name.length() * CHAR_WIDTH + 24));
    }
}
