package dev.headroom.persistence;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.providers.sandbox.SandboxFaults;
import dev.headroom.providers.sandbox.SandboxLedger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SandboxLedger} in the fleet's SQLite file: {@code provider_action}, {@code sandbox_reservation},
 * {@code host}, and schema 9's {@code sandbox_host_state}, {@code sandbox_event}, {@code sandbox_call},
 * {@code sandbox_fault}.
 */
public final class SqliteSandboxLedger implements SandboxLedger {
    private final SqliteStore store;
    private final Clock clock;

    public SqliteSandboxLedger(SqliteStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String applyOnce(String account, String key, String action, String subject, String message, Effect effect) {
        return store.write(account, c -> {
            Optional<String> done = applied(c, account, key);
            if (done.isPresent()) {
                return done.get();
            }
            SqlWorld world = new SqlWorld(c, account, clock.instant());
            String result = effect.apply(world);
            update(c, "INSERT INTO provider_action (account, idempotency_key, action, subject, result, applied_at, "
                    + "message, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", account, key, action, subject, result,
                    world.now.toString(), message, world.detail);
            return result;
        });
    }

    @Override
    public Optional<String> applied(String account, String key) {
        return store.read("the sandbox's provider actions", c -> applied(c, account, key));
    }

    private static Optional<String> applied(Connection c, String account, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT result FROM provider_action WHERE account = ? AND "
                + "idempotency_key = ?")) {
            p.setString(1, account);
            p.setString(2, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<AccountSnapshot> fleet(String account) {
        return store.load(account, false);
    }

    @Override
    public Optional<Account> account(String account) {
        return store.account(account);
    }

    @Override
    public Optional<String> hostVersion(String account, String host) {
        return store.read("the sandbox's hosts", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM host WHERE account = ? AND id = ?")) {
                p.setString(1, account);
                p.setString(2, host);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Set<String> outOfService(String account) {
        return store.read("the sandbox's host states", c -> {
            Set<String> out = new LinkedHashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT host FROM sandbox_host_state WHERE account = ? AND "
                    + "in_service = 0 ORDER BY host")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, String> drainedBy(String account) {
        return store.read("the sandbox's host states", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT host, changed_by FROM sandbox_host_state WHERE "
                    + "account = ? AND in_service = 0 ORDER BY host")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getString(2) == null ? "" : r.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<String> message(String account, String key) {
        return action(account, key).map(a -> a[1]);
    }

    /** A slow update's is longer. */
    @Override
    public Map<String, Double> updateMinutes(String account) {
        return store.read("the sandbox's host states", c -> {
            Map<String, Double> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT host, update_minutes FROM sandbox_host_state WHERE "
                    + "account = ? AND update_minutes IS NOT NULL ORDER BY host")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getDouble(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Reservation> reservations(String account) {
        return store.read("the sandbox's reservations", c -> {
            List<Reservation> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT reservation_key, service, region, instance_type, "
                    + "requested, count, revoke_count, revoked_at, revoke_at FROM sandbox_reservation WHERE account = ? "
                    + "AND released_at IS NULL ORDER BY reserved_at, reservation_key")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        int count = r.getInt(6);
                        int requested = r.getObject(5) == null ? count : r.getInt(5);
                        int revoked = r.getString(8) == null ? 0 : r.getInt(7);
                        out.add(new Reservation(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                requested, count, revoked, Optional.ofNullable(r.getString(9)).map(Instant::parse)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public SandboxFaults faults(String account) {
        String text = store.read("the sandbox's fault settings", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT settings FROM sandbox_fault WHERE account = ?")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        return text == null ? SandboxFaults.NONE : SandboxFaults.parse(text);
    }

    @Override
    public void setFaults(String account, SandboxFaults faults) {
        store.write(account, c -> {
            update(c, "DELETE FROM sandbox_fault WHERE account = ?", account);
            if (!faults.settings().isEmpty()) {
                update(c, "INSERT INTO sandbox_fault (account, settings, updated_at) VALUES (?, ?, ?)", account,
                        faults.write(), clock.instant().toString());
            }
            return null;
        });
    }

    @Override
    public int nextAttempt(String account, String callKey) {
        return store.write(account, c -> {
            update(c, "INSERT INTO sandbox_call (account, call_key, attempts) VALUES (?, ?, 1) ON CONFLICT (account, "
                    + "call_key) DO UPDATE SET attempts = attempts + 1", account, callKey);
            try (PreparedStatement p = c.prepareStatement("SELECT attempts FROM sandbox_call WHERE account = ? AND "
                    + "call_key = ?")) {
                p.setString(1, account);
                p.setString(2, callKey);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    @Override
    public void record(String account, Event event) {
        store.write(account, c -> {
            insertEvent(c, account, clock.instant(), event);
            return null;
        });
    }

    @Override
    public List<SandboxEvent> events(String account) {
        return store.read("the sandbox's events", c -> {
            List<SandboxEvent> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT seq, at, kind, subject, idempotency_key, attempt, "
                    + "detail, message FROM sandbox_event WHERE account = ? ORDER BY seq")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new SandboxEvent(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3),
                                r.getString(4), Optional.ofNullable(r.getString(5)), r.getInt(6), r.getString(7),
                                Optional.ofNullable(r.getString(8))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int interruptDue(String account) {
        Instant now = clock.instant();
        // most calls find nothing due: read first, so that they do not take the write lock
        boolean due = reservations(account).stream().anyMatch(r -> r.revokeAt().isPresent() && r.revoked() == 0
                && !r.revokeAt().get().isAfter(now));
        if (!due) {
            return 0;
        }
        return store.write(account, c -> {
            List<String[]> hits = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT reservation_key, service, instance_type, count, "
                    + "revoke_count, revoke_at FROM sandbox_reservation WHERE account = ? AND released_at IS NULL "
                    + "AND revoked_at IS NULL AND revoke_at IS NOT NULL AND revoke_count > 0 ORDER BY revoke_at, "
                    + "reservation_key")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        if (!Instant.parse(r.getString(6)).isAfter(now)) {
                            hits.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                    r.getString(5)});
                        }
                    }
                }
            }
            for (String[] h : hits) {
                update(c, "UPDATE sandbox_reservation SET revoked_at = ? WHERE account = ? AND reservation_key = ?",
                        now.toString(), account, h[0]);
                insertEvent(c, account, now, Event.of("spot interruption", h[1], h[0], 0, "spot interruption: "
                        + h[4] + " of " + h[3] + " " + h[2] + " instances of reservation " + h[0] + " were taken back"));
            }
            return hits.size();
        });
    }

    @Override
    public Instant now() {
        return clock.instant();
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

    /** How many of the sandbox's reservations are still held. */
    public long heldReservations(String account) {
        return reservations(account).size();
    }

    /** The stored message and detail of an applied key: the trigger text of an update, a slow update's duration. */
    public Optional<String[]> action(String account, String key) {
        return store.read("the sandbox's provider actions", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT result, message, detail FROM provider_action WHERE "
                    + "account = ? AND idempotency_key = ?")) {
                p.setString(1, account);
                p.setString(2, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new String[] {r.getString(1), r.getString(2), r.getString(3)})
                            : Optional.empty();
                }
            }
        });
    }

    private static void insertEvent(Connection c, String account, Instant at, Event e) throws SQLException {
        update(c, "INSERT INTO sandbox_event (account, at, kind, subject, idempotency_key, attempt, detail, message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", account, at.toString(), e.kind(), e.subject(), e.key().orElse(null),
                e.attempt(), e.detail(), e.message().orElse(null));
    }

    private static final class SqlWorld implements World {
        private final Connection c;
        private final String account;
        private final Instant now;
        private String detail;

        SqlWorld(Connection c, String account, Instant now) {
            this.c = c;
            this.account = account;
            this.now = now;
        }

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
        public void drain(String host, String by, double updateMinutes) {
            run("INSERT INTO sandbox_host_state (account, host, in_service, changed_at, changed_by, update_minutes) "
                    + "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (account, host) DO UPDATE SET in_service = 0, "
                    + "changed_at = excluded.changed_at, changed_by = excluded.changed_by, "
                    + "update_minutes = excluded.update_minutes", account, host, now.toString(), by, updateMinutes);
        }

        @Override
        public void restore(String host, String by) {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM host WHERE account = ? AND id = ?")) {
                p.setString(1, account);
                p.setString(2, host);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new HeadroomException("The sandbox has no host " + host + " in account " + account
                                + " to put back into service; no host was restored. Check the hosts of the batch.");
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            run("INSERT INTO sandbox_host_state (account, host, in_service, changed_at, changed_by) VALUES (?, ?, 1, ?, ?) "
                    + "ON CONFLICT (account, host) DO UPDATE SET in_service = 1, changed_at = excluded.changed_at, "
                    + "changed_by = excluded.changed_by", account, host, now.toString(), by);
        }

        @Override
        public int heldInstances(String region, String instanceType) {
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(count - CASE WHEN revoked_at IS NULL "
                    + "THEN 0 ELSE revoke_count END), 0) FROM sandbox_reservation WHERE account = ? AND region = ? "
                    + "AND instance_type = ? AND released_at IS NULL")) {
                p.setString(1, account);
                p.setString(2, region);
                p.setString(3, instanceType);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void reserve(String reservationKey, String service, String region, String instanceType, int requested,
                            int granted, Optional<Instant> revokeAt, int revokeCount) {
            run("INSERT INTO sandbox_reservation (account, reservation_key, service, region, instance_type, count, "
                    + "reserved_at, released_at, requested, revoke_at, revoke_count) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, "
                    + "?, ?, ?)", account, reservationKey, service, region, instanceType, granted, now.toString(),
                    requested, revokeAt.map(Instant::toString).orElse(null), revokeCount);
        }

        @Override
        public boolean release(String reservationKey) {
            return run("UPDATE sandbox_reservation SET released_at = ? WHERE account = ? AND reservation_key = ? AND "
                    + "released_at IS NULL", now.toString(), account, reservationKey) > 0;
        }

        @Override
        public void count(String effect) {
            run("INSERT INTO sandbox_effect (account, effect, count) VALUES (?, ?, 1) ON CONFLICT (account, effect) "
                    + "DO UPDATE SET count = count + 1", account, effect);
        }

        @Override
        public void detail(String text) {
            this.detail = text;
        }

        @Override
        public void record(Event event) {
            try {
                insertEvent(c, account, now, event);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Instant now() {
            return now;
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
