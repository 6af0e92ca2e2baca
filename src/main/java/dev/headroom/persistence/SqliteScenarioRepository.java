package dev.headroom.persistence;

import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ScenarioRepository} in the fleet's SQLite file (schema 5's {@code scenario} table). */
public final class SqliteScenarioRepository implements ScenarioRepository {
    private static final String COLUMNS = "account, name, policy_json, solver, plan_json, created_at, updated_at";
    private final SqliteStore store;

    public SqliteScenarioRepository(SqliteStore store) {
        this.store = store;
    }

    @Override
    public List<SavedScenario> list(String account) {
        return store.read("the scenarios of account \"" + account + "\"", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM scenario WHERE account = ? "
                    + "ORDER BY name")) {
                p.setString(1, account);
                return rows(p);
            }
        });
    }

    @Override
    public Optional<SavedScenario> find(String account, String name) {
        return store.read("scenario \"" + name + "\"", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM scenario WHERE account = ? "
                    + "AND name = ?")) {
                p.setString(1, account);
                p.setString(2, name);
                return rows(p).stream().findFirst();
            }
        });
    }

    @Override
    public void save(SavedScenario s) {
        store.write(s.account(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scenario (" + COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, name) DO UPDATE SET policy_json = excluded.policy_json, "
                    + "solver = excluded.solver, plan_json = excluded.plan_json, updated_at = excluded.updated_at")) {
                p.setString(1, s.account());
                p.setString(2, s.name());
                p.setString(3, PolicyJson.write(s.policy()));
                p.setString(4, s.solver());
                p.setString(5, s.planJson().orElse(null));
                p.setString(6, s.created().toString());
                p.setString(7, s.updated().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean rename(String account, String from, String to) {
        return store.write(account, c -> update(c, "UPDATE scenario SET name = ? WHERE account = ? AND name = ?", to,
                account, from) > 0);
    }

    @Override
    public boolean delete(String account, String name) {
        return store.write(account, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM scenario WHERE account = ? AND name = ?")) {
                p.setString(1, account);
                p.setString(2, name);
                return p.executeUpdate() > 0;
            }
        });
    }

    private static int update(Connection c, String sql, String a, String b, String d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, a);
            p.setString(2, b);
            p.setString(3, d);
            return p.executeUpdate();
        }
    }

    private static List<SavedScenario> rows(PreparedStatement p) throws SQLException {
        List<SavedScenario> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new SavedScenario(r.getString(1), r.getString(2), PolicyJson.read(r.getString(3)),
                        r.getString(4), Optional.ofNullable(r.getString(5)), Instant.parse(r.getString(6)),
                        Instant.parse(r.getString(7))));
            }
        }
        return out;
    }
}
