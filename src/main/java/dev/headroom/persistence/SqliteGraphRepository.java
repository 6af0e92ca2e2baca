package dev.headroom.persistence;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphEdge;
import dev.headroom.graph.GraphEdit;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphRepository;
import dev.headroom.graph.GraphSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link GraphRepository} in the fleet's SQLite file, on the store's connection and under its
 * lock, so that a source, an edit and the snapshot made from them are written in one transaction.
 */
public final class SqliteGraphRepository implements GraphRepository {
    private final SqliteStore store;

    public SqliteGraphRepository(SqliteStore store) {
        this.store = store;
    }

    @Override
    public List<GraphImport> sources(String account) {
        return store.read("the graph sources of account \"" + account + "\"", c -> {
            Map<Long, String> names = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, source FROM graph_source WHERE account = ? ORDER BY source")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        names.put(r.getLong(1), r.getString(2));
                    }
                }
            }
            List<GraphImport> out = new ArrayList<>();
            for (Map.Entry<Long, String> source : names.entrySet()) {
                out.add(new GraphImport(source.getValue(), services(c, source.getKey()), edges(c, source.getKey()),
                        notes(c, source.getKey())));
            }
            return out;
        });
    }

    private static List<DiscoveredService> services(Connection c, long source) throws SQLException {
        List<DiscoveredService> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT name, kind, replicas, cpu_request_millicores, "
                + "memory_request_mib, cpu_limit_millicores, memory_limit_mib, criticality, evidence "
                + "FROM graph_source_service WHERE source_id = ? ORDER BY ord")) {
            p.setLong(1, source);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int replicas = r.getInt(3);
                    OptionalInt declared = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(replicas);
                    Optional<Criticality> criticality = Optional.ofNullable(r.getString(8))
                            .map(l -> Criticality.parse("criticality", l));
                    out.add(new DiscoveredService(r.getString(1), r.getString(2), declared, nullable(r, 4),
                            nullable(r, 5), nullable(r, 6), nullable(r, 7), criticality, r.getString(9)));
                }
            }
        }
        return out;
    }

    private static List<Dependency> edges(Connection c, long source) throws SQLException {
        List<Dependency> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT from_service, to_service, weight, evidence "
                + "FROM graph_source_edge WHERE source_id = ? ORDER BY ord")) {
            p.setLong(1, source);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Dependency(r.getString(1), r.getString(2), r.getDouble(3), r.getString(4)));
                }
            }
        }
        return out;
    }

    private static List<String> notes(Connection c, long source) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT note FROM graph_source_note WHERE source_id = ? ORDER BY ord")) {
            p.setLong(1, source);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public List<GraphEdit> edits(String account) {
        return store.read("the graph edits of account \"" + account + "\"", c -> {
            List<GraphEdit> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT kind, from_service, to_service, weight, criticality, "
                    + "made_at FROM graph_edit WHERE account = ? ORDER BY id")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String level = r.getString(5);
                        out.add(new GraphEdit(GraphEdit.Kind.valueOf(r.getString(1).toUpperCase(Locale.ROOT)),
                                r.getString(2), r.getString(3), r.getDouble(4),
                                Optional.ofNullable(level).map(l -> Criticality.parse("criticality", l)),
                                Instant.parse(r.getString(6))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public GraphSnapshot saveImports(String account, List<GraphImport> imports, DependencyGraph merged, Instant at,
                                     String reason) {
        return store.write(account, c -> {
            for (GraphImport source : imports) {
                try (PreparedStatement p = c.prepareStatement(
                        "DELETE FROM graph_source WHERE account = ? AND source = ?")) {
                    p.setString(1, account);
                    p.setString(2, source.source());
                    p.executeUpdate();
                }
                insertSource(c, account, source, at);
            }
            return insertSnapshot(c, account, merged, at, reason);
        });
    }

    private static void insertSource(Connection c, String account, GraphImport source, Instant at)
            throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_source (account, source, imported_at) "
                + "VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, account);
            p.setString(2, source.source());
            p.setString(3, at.toString());
            p.executeUpdate();
            id = generatedKey(p);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_source_service (source_id, ord, name, kind, "
                + "replicas, cpu_request_millicores, memory_request_mib, cpu_limit_millicores, memory_limit_mib, "
                + "criticality, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ord = 0;
            for (DiscoveredService s : source.services()) {
                p.setLong(1, id);
                p.setInt(2, ord++);
                p.setString(3, s.name());
                p.setString(4, s.kind());
                if (s.replicas().isPresent()) {
                    p.setInt(5, s.replicas().getAsInt());
                } else {
                    p.setNull(5, Types.INTEGER);
                }
                setNullable(p, 6, s.cpuRequestMillicores());
                setNullable(p, 7, s.memoryRequestMib());
                setNullable(p, 8, s.cpuLimitMillicores());
                setNullable(p, 9, s.memoryLimitMib());
                p.setString(10, s.criticality().map(Criticality::label).orElse(null));
                p.setString(11, s.evidence());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_source_edge (source_id, ord, from_service, "
                + "to_service, weight, evidence) VALUES (?, ?, ?, ?, ?, ?)")) {
            int ord = 0;
            for (Dependency d : source.edges()) {
                p.setLong(1, id);
                p.setInt(2, ord++);
                p.setString(3, d.from());
                p.setString(4, d.to());
                p.setDouble(5, d.weight());
                p.setString(6, d.evidence());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO graph_source_note (source_id, ord, note) VALUES (?, ?, ?)")) {
            int ord = 0;
            for (String note : source.notes()) {
                p.setLong(1, id);
                p.setInt(2, ord++);
                p.setString(3, note);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public GraphSnapshot saveEdit(String account, GraphEdit edit, DependencyGraph merged, String reason) {
        return store.write(account, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_edit (account, kind, from_service, "
                    + "to_service, weight, criticality, made_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, account);
                p.setString(2, edit.kind().name().toLowerCase(Locale.ROOT));
                p.setString(3, edit.from());
                p.setString(4, edit.to());
                p.setDouble(5, edit.weight());
                p.setString(6, edit.criticality().map(Criticality::label).orElse(null));
                p.setString(7, edit.at().toString());
                p.executeUpdate();
            }
            return insertSnapshot(c, account, merged, edit.at(), reason);
        });
    }

    private static GraphSnapshot insertSnapshot(Connection c, String account, DependencyGraph graph, Instant at,
                                                String reason) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_snapshot (account, taken_at, reason, "
                + "services, edges) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, account);
            p.setString(2, at.toString());
            p.setString(3, reason);
            p.setInt(4, graph.services().size());
            p.setInt(5, graph.edgeCount());
            p.executeUpdate();
            id = generatedKey(p);
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO graph_snapshot_service (snapshot_id, name, criticality) VALUES (?, ?, ?)")) {
            for (String s : graph.services()) {
                p.setLong(1, id);
                p.setString(2, s);
                p.setString(3, graph.criticality(s).map(Criticality::label).orElse(null));
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO graph_snapshot_edge (snapshot_id, from_service, "
                + "to_service, weight, evidence) VALUES (?, ?, ?, ?, ?)")) {
            for (GraphEdge e : graph.edges()) {
                p.setLong(1, id);
                p.setString(2, e.from());
                p.setString(3, e.to());
                p.setDouble(4, e.weight());
                p.setString(5, String.join("\n", e.evidence()));
                p.addBatch();
            }
            p.executeBatch();
        }
        return new GraphSnapshot(id, at, graph.services().size(), graph.edgeCount(), reason);
    }

    @Override
    public List<GraphSnapshot> snapshots(String account) {
        return store.read("the graph snapshots of account \"" + account + "\"", c -> {
            List<GraphSnapshot> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, taken_at, services, edges, reason "
                    + "FROM graph_snapshot WHERE account = ? ORDER BY id")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new GraphSnapshot(r.getLong(1), Instant.parse(r.getString(2)), r.getInt(3),
                                r.getInt(4), r.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<DependencyGraph> snapshot(String account, long id) {
        return store.read("graph snapshot " + id + " of account \"" + account + "\"", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM graph_snapshot WHERE id = ? AND account = ?")) {
                p.setLong(1, id);
                p.setString(2, account);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                }
            }
            DependencyGraph.Builder b = DependencyGraph.builder();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, criticality FROM graph_snapshot_service WHERE snapshot_id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String level = r.getString(2);
                        if (level == null) {
                            b.service(r.getString(1));
                        } else {
                            b.service(r.getString(1), Criticality.parse("criticality", level));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT from_service, to_service, weight, evidence "
                    + "FROM graph_snapshot_edge WHERE snapshot_id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String evidence = r.getString(4);
                        b.edge(new GraphEdge(r.getString(1), r.getString(2), r.getDouble(3),
                                evidence.isEmpty() ? List.of() : Arrays.asList(evidence.split("\n"))));
                    }
                }
            }
            return Optional.of(b.build());
        });
    }

    private static long generatedKey(PreparedStatement p) throws SQLException {
        try (ResultSet keys = p.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement p, int index, Optional<Double> value) throws SQLException {
        if (value.isPresent()) {
            p.setDouble(index, value.get());
        } else {
            p.setNull(index, Types.REAL);
        }
    }

    private static Optional<Double> nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Optional.empty() : Optional.of(v);
    }
}
