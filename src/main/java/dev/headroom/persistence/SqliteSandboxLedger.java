package dev.headroom.persistence;

import dev.headroom.domain.HeadroomException;
import dev.headroom.providers.sandbox.SandboxLedger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link SandboxLedger} in the fleet's SQLite file: {@code provider_action}, {@code sandbox_reservation}, {@code host}. */
public final class SqliteSandboxLedger implements SandboxLedger {
    private final SqliteStore store;
    private final Clock clock;

    public SqliteSandboxLedger(SqliteStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String applyOnce(String account, String key, String action, String subject, Effect effect) {
        return store.write(account, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT result FROM provider_action WHERE account = ? AND "
                    + "idempotency_key = ?")) {
                p.setString(1, account);
                p.setString(2, key);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            }
            String result = effect.apply(new SqlWorld(c, account, clock.instant().toString()));
            update(c, "INSERT INTO provider_action (account, idempotency_key, action, subject, result, applied_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", account, key, action, subject, result, clock.instant().toString());
            return result;
        });
    }

    /** How many times each effect was applied for the account. */
    public Map<String, Long> effects(String account) {
        return store.read("the sandbox's effects", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT effect, count FROM sandbox_effect WHERE account = ? "
                    + "ORDER BY effect")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    /** Keys of the sandbox's reservations that are still held. */
    public long heldReservations(String account) {
        return store.read("the sandbox's reservations", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM sandbox_reservation WHERE account = ? "
                    + "AND released_at IS NULL")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private record SqlWorld(Connection c, String account, String now) implements World {
        @Override
        public String hostVersion(String host) {
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM host WHERE account = ? AND id = ?")) {
                p.setString(1, account);
                p.setString(2, host);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new HeadroomException("The sandbox has no host " + host + " in account " + account
                                + "; it cannot be updated. Plan the scenario again on the current fleet.");
                    }
                    return r.getString(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void setHostVersion(String host, String version) {
            run("UPDATE host SET version = ? WHERE account = ? AND id = ?", version, account, host);
        }

        @Override
        public void reserve(String reservationKey, String service, String region, String instanceType, int count) {
            run("INSERT INTO sandbox_reservation (account, reservation_key, service, region, instance_type, count, "
                    + "reserved_at, released_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", account, reservationKey, service,
                    region, instanceType, count, now);
        }

        @Override
        public boolean release(String reservationKey) {
            return run("UPDATE sandbox_reservation SET released_at = ? WHERE account = ? AND reservation_key = ? AND "
                    + "released_at IS NULL", now, account, reservationKey) > 0;
        }

        @Override
        public void count(String effect) {
            run("INSERT INTO sandbox_effect (account, effect, count) VALUES (?, ?, 1) ON CONFLICT (account, effect) "
                    + "DO UPDATE SET count = count + 1", account, effect);
        }

        private int run(String sql, Object... args) {
            try {
                return update(c, sql, args);
            } catch (SQLException e) {
                // rethrown unchecked through the effect; the write transaction rolls back and reports it
                throw new IllegalStateException(e);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }
}
