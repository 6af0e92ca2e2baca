package dev.headroom.persistence;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Release;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.fleet.FleetStore;
import dev.headroom.fleet.LearnedUpdates;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link FleetStore} in one SQLite file (write-ahead log, full sync, foreign keys on). Metric
 * series are stored as one {@link SeriesCodec} block per series and UTC day, so that a slice or
 * the latest value reads a few small rows instead of the whole history.
 *
 * <p>One connection, used under this object's lock. {@link #open} refuses, with a
 * {@link HeadroomException} and without touching the file, a database that is damaged, in use
 * by another program, not writable, or written by a newer Headroom.
 */
public final class SqliteStore implements FleetStore, LearnedUpdates {
    private static final int BUSY_TIMEOUT_MS = 2000;
    private static final long DAY_SECONDS = 86_400;
    private static final int BATCH = 500;
    /** The system property of the crash proofs' halting seam; see {@link #haltAt}. */
    public static final String HALT_AT_COMMIT = "headroom.crash.haltAtCommit";
    /** The exit status of a JVM halted by {@link #HALT_AT_COMMIT}, so that a test tells it from other ends. */
    public static final int HALT_STATUS = 86;
    /** Read once; parsed at each open, so that a malformed value is refused there, by name, not at class loading. */
    private static final String HALT_SPEC = System.getProperty(HALT_AT_COMMIT);

    private final Path file;
    private final Connection connection;
    private final Consumer<String> beforeTable;
    private final Seam seam;
    private long commits;

    private SqliteStore(Path file, Connection connection, Consumer<String> beforeTable, Seam seam) {
        this.file = file;
        this.connection = connection;
        this.beforeTable = beforeTable;
        this.seam = seam;
    }

    /**
     * A test seam for the durability proofs (docs/rollouts.md, "Proof"): it is told about every
     * write statement and every commit of this store's write transactions (not the migration at
     * open, not reads), and may fail them as a failing disk would, or halt the JVM. Production
     * code sets none: the connection is then used as it is and a commit costs one null check.
     * Counts start at 1 when the store is opened.
     */
    public interface Seam {
        /** Before the n-th INSERT, UPDATE or DELETE statement (a batch counts once); throwing fails it. */
        default void beforeWrite(long n, String sql) throws SQLException {
        }

        /** Inside the n-th write transaction, all its statements run, just before COMMIT; throwing rolls it back. */
        default void beforeCommit(long n) throws SQLException {
        }

        /** Just after the n-th COMMIT returned: the transaction is durable. */
        default void afterCommit(long n) {
        }
    }

    /**
     * The seam that {@link #open(Path)} installs when the system property {@value #HALT_AT_COMMIT}
     * is {@code N:before} or {@code N:after}: it halts the JVM ({@link Runtime#halt}, no shutdown
     * hooks, nothing flushed: as a kill would) just before or just after the store's N-th commit.
     * The crash proofs start a child JVM with it for every N; it is read once, at class loading.
     *
     * @return null (no seam) when {@code spec} is null or empty
     * @throws IllegalArgumentException when {@code spec} is not of that form
     */
    static Seam haltAt(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] parts = spec.strip().split(":");
        if (parts.length != 2 || !(parts[1].equals("before") || parts[1].equals("after"))) {
            throw new IllegalArgumentException(HALT_AT_COMMIT + " must be N:before or N:after, not \"" + spec + "\"");
        }
        long at = Long.parseLong(parts[0]);
        boolean before = parts[1].equals("before");
        return new Seam() {
            @Override
            public void beforeCommit(long n) {
                if (before && n == at) {
                    halt();
                }
            }

            @Override
            public void afterCommit(long n) {
                if (!before && n == at) {
                    halt();
                }
            }

            private void halt() {
                System.out.println("HALT " + spec);
                System.out.flush();
                Runtime.getRuntime().halt(HALT_STATUS);
            }
        };
    }

    /**
     * Opens (creating it and its folder when missing) and migrates the database.
     *
     * @throws HeadroomException when the file is damaged, in use, not writable or of a newer
     *                           schema; the file is then left exactly as it was
     */
    public static SqliteStore open(Path databaseFile) {
        return open(databaseFile, table -> { }, haltAt(HALT_SPEC));
    }

    /** As {@link #open(Path)} with a test {@link Seam} (null: none). */
    public static SqliteStore open(Path databaseFile, Seam seam) {
        return open(databaseFile, table -> { }, seam);
    }

    /**
     * As {@link #open(Path)}; {@code beforeTable} is called with each table's name before
     * {@link #replace} writes it, so that tests can make a write fail half-way.
     */
    static SqliteStore open(Path databaseFile, Consumer<String> beforeTable) {
        return open(databaseFile, beforeTable, haltAt(HALT_SPEC));
    }

    private static SqliteStore open(Path databaseFile, Consumer<String> beforeTable, Seam seam) {
        Path file = databaseFile.toAbsolutePath().normalize();
        checkWritable(file);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file, connectionConfig().toProperties());
        } catch (SQLException e) {
            throw StoreProblems.atOpen(file, e);
        }
        try {
            checkAndMigrate(c, file);
            return new SqliteStore(file, seam == null ? c : watched(c, seam), beforeTable, seam);
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw StoreProblems.atOpen(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
    }

    private static SQLiteConfig connectionConfig() {
        SQLiteConfig config = new SQLiteConfig();
        // Connection-level settings only: they do not write to the file. The journal mode does,
        // so it is switched after the checks.
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        return config;
    }

    /**
     * Permission bits are checked before SQLite opens the file because SQLite silently falls back
     * to read-only and only fails at the first write, long after start-up.
     */
    private static void checkWritable(Path file) {
        Path folder = file.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw StoreProblems.unwritable(file, folder, e);
        }
        if (!Files.isWritable(folder)) {
            throw StoreProblems.unwritable(file, folder, null);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw StoreProblems.unwritable(file, file, null);
        }
    }

    /** Each check only reads, so a refused file stays byte-identical; only then does anything write. */
    private static void checkAndMigrate(Connection c, Path file) throws SQLException {
        int version = userVersion(c);
        if (version > Migrations.LATEST) {
            throw StoreProblems.newerSchema(file, version, Migrations.LATEST);
        }
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check(5)")) {
            while (r.next()) {
                problems.add(r.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw StoreProblems.damaged(file, "integrity check: " + String.join("; ", problems), null);
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = r.next() ? r.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw StoreProblems.noWal(file, mode);
            }
        }
        // Taking the write lock at every start, not only when migrating, is what detects a second
        // program writing to the same file: in WAL mode reading alone would not notice it.
        execute(c, "BEGIN IMMEDIATE");
        try {
            int current = userVersion(c);
            if (current > Migrations.LATEST) {
                throw StoreProblems.newerSchema(file, current, Migrations.LATEST);
            }
            Migrations.apply(c, current);
            execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** The value of a connection-level or database pragma, e.g. {@code journal_mode}, for diagnostics. */
    synchronized String pragma(String name) {
        try {
            List<String> values = query("PRAGMA " + name, r -> r.getString(1));
            return values.isEmpty() ? "" : values.get(0);
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "PRAGMA " + name, e);
        }
    }

    /** The database file's absolute path, as named in every operator message. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized List<Account> accounts() {
        try {
            return readAccounts(null);
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "the list of accounts", e);
        }
    }

    @Override
    public synchronized Optional<Account> account(String name) {
        try {
            return readAccounts(name).stream().findFirst();
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "account \"" + name + "\"", e);
        }
    }

    private List<Account> readAccounts(String only) throws SQLException {
        String where = only == null ? "" : " WHERE account = ?";
        Map<String, Map<String, String>> settings = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT account, key, value FROM account_setting" + where)) {
            if (only != null) {
                p.setString(1, only);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    settings.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(2), r.getString(3));
                }
            }
        }
        List<Account> accounts = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT name, kind, created FROM account"
                + (only == null ? "" : " WHERE name = ?") + " ORDER BY name")) {
            if (only != null) {
                p.setString(1, only);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String name = r.getString(1);
                    accounts.add(new Account(name, AccountKind.parse("kind", r.getString(2)),
                            Instant.parse(r.getString(3)), settings.getOrDefault(name, Map.of())));
                }
            }
        }
        return accounts;
    }

    @Override
    public synchronized void replace(AccountSnapshot snapshot) {
        String name = snapshot.account().name();
        List<EncodedSeries> encoded = snapshot.metrics().stream().map(EncodedSeries::of).toList();
        inWriteTransaction(name, () -> {
            deleteAccount(name);
            insert(snapshot, encoded);
        });
    }

    @Override
    public synchronized void saveSettings(String account, Map<String, String> settings) {
        if (account(account).isEmpty()) {
            throw new HeadroomException("There is no account named \"" + account + "\"; its settings were not saved.");
        }
        inWriteTransaction(account, () -> {
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM account_setting WHERE account = ?")) {
                p.setString(1, account);
                p.executeUpdate();
            }
            try (Rows rows = rows("account_setting", "account, key, value")) {
                for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
                    rows.add(account, e.getKey(), e.getValue());
                }
            }
        });
    }

    @Override
    public synchronized void replaceEvents(String account, List<ScheduledEvent> events) {
        AccountSnapshot current = load(account, false).orElseThrow(() -> new HeadroomException("There is no account "
                + "named \"" + account + "\"; its events cannot be changed."));
        try {
            // the snapshot checks every scope against the account's services and regions
            new AccountSnapshot(current.account(), current.instanceTypes(), current.hosts(), current.services(),
                    current.dependencies(), List.of(), current.releases(), current.updateHistory(), events,
                    current.policy());
        } catch (DomainException e) {
            throw new HeadroomException("The events were not saved: " + e.rule() + ". Use one of the account's "
                    + "services or regions, or * for all.", e);
        }
        inWriteTransaction(account, () -> {
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM scheduled_event WHERE account = ?")) {
                p.setString(1, account);
                p.executeUpdate();
            }
            try (Rows rows = rows("scheduled_event", "account, ord, name, starts, ends, scope, load_factor")) {
                int ord = 0;
                for (ScheduledEvent e : events) {
                    rows.add(account, ord++, e.name(), e.start().toString(), e.end().toString(), e.scope(),
                            e.loadFactor());
                }
            }
        });
    }

    @Override
    public synchronized void delete(String account) {
        inWriteTransaction(account, () -> {
            deleteAccount(account);
            // the graph's rows outlive replace() on purpose (operator edits survive re-imports),
            // so deleting the account is where they go; their child rows cascade
            for (String table : List.of("graph_source", "graph_edit", "graph_snapshot", "rollout_update",
                    "rollout_score")) {
                try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + table + " WHERE account = ?")) {
                    p.setString(1, account);
                    p.executeUpdate();
                }
            }
        });
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in a write transaction of this store, for the journal that shares its file. */
    synchronized <T> T write(String account, SqliteForecastJournal.SqlWork<T> work) {
        Object[] result = new Object[1];
        inWriteTransaction(account, () -> result[0] = work.run(connection));
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** Runs a read on this store's connection; {@code what} names it in the operator message on failure. */
    synchronized <T> T read(String what, SqliteForecastJournal.SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, what, e);
        }
    }

    private void inWriteTransaction(String account, Work work) {
        long n = ++commits;
        try {
            execute(connection, "BEGIN IMMEDIATE");
            try {
                work.run();
                if (seam != null) {
                    seam.beforeCommit(n);
                }
                execute(connection, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreProblems.writeFailed(file, account, e);
        } catch (RuntimeException e) {
            // a callback that cannot throw SQLException (the sandbox world's effects) wraps it
            // unchecked; it is still a failed write, and the operator gets the store's message
            if (e.getCause() instanceof SQLException sql && !(e instanceof HeadroomException)) {
                throw StoreProblems.writeFailed(file, account, sql);
            }
            throw e;
        }
        if (seam != null) {
            seam.afterCommit(n);
        }
    }

    /**
     * The connection seen through a {@link Seam}: every statement it prepares or creates tells the
     * seam before it writes. Only built when a test installs a seam.
     */
    private static Connection watched(Connection c, Seam seam) {
        long[] writes = {0};
        return (Connection) Proxy.newProxyInstance(SqliteStore.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = call(c, method, args);
                    if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement p) {
                        return watched(p, PreparedStatement.class, (String) args[0], seam, writes);
                    }
                    if (method.getName().equals("createStatement") && result instanceof Statement st) {
                        return watched(st, Statement.class, null, seam, writes);
                    }
                    return result;
                });
    }

    private static Object watched(Statement statement, Class<? extends Statement> type, String prepared, Seam seam,
                                  long[] writes) {
        return Proxy.newProxyInstance(SqliteStore.class.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("execute") && !name.equals("executeQuery")) {
                        String sql = prepared != null ? prepared
                                : args != null && args.length > 0 && args[0] instanceof String s ? s : "";
                        if (isWrite(sql)) {
                            seam.beforeWrite(++writes[0], sql);
                        }
                    }
                    return call(statement, method, args);
                });
    }

    private static boolean isWrite(String sql) {
        String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE")
                || head.startsWith("REPLACE");
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void deleteAccount(String name) throws SQLException {
        // the foreign keys cascade to every row the account owns
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM account WHERE name = ?")) {
            p.setString(1, name);
            p.executeUpdate();
        }
    }

    private void insert(AccountSnapshot s, List<EncodedSeries> encoded) throws SQLException {
        String a = s.account().name();
        try (Rows rows = rows("account", "name, kind, created")) {
            rows.add(a, s.account().kind().label(), s.account().created().toString());
        }
        try (Rows rows = rows("account_setting", "account, key, value")) {
            for (Map.Entry<String, String> e : s.account().settings().entrySet()) {
                rows.add(a, e.getKey(), e.getValue());
            }
        }
        try (Rows rows = rows("instance_type", "account, ord, name, region, cpu_cores, memory_gib, network_gbps, "
                + "disk_mbps, on_demand_hourly_usd, spot_hourly_usd")) {
            int ord = 0;
            for (InstanceType t : s.instanceTypes()) {
                Capacity c = t.capacity();
                rows.add(a, ord++, t.name(), t.region(), c.cpuCores(), c.memoryGib(), c.networkGbps(), c.diskMBps(),
                        t.onDemandHourlyUsd(), t.spotHourlyUsd());
            }
        }
        try (Rows rows = rows("service", "account, name, ord, criticality, max_utilisation, min_healthy_fraction, "
                + "response_time_target_ms, service_time_ms")) {
            int ord = 0;
            for (Service v : s.services()) {
                Optional<ResponseTime> rt = v.slo().responseTime();
                rows.add(a, v.name(), ord++, v.criticality().label(), v.slo().maxUtilisation(),
                        v.slo().minHealthyFraction(), rt.map(ResponseTime::targetMs).orElse(null),
                        rt.map(ResponseTime::serviceTimeMs).orElse(null));
            }
        }
        try (Rows rows = rows("host", "account, id, ord, region, zone, instance_type, cpu_cores, memory_gib, "
                + "network_gbps, disk_mbps, hourly_cost_usd, version, criticality, role")) {
            int ord = 0;
            for (Host h : s.hosts()) {
                Capacity c = h.capacity();
                rows.add(a, h.id(), ord++, h.region(), h.zone(), h.instanceType(), c.cpuCores(), c.memoryGib(),
                        c.networkGbps(), c.diskMBps(), h.hourlyCostUsd(), h.version(), h.criticality().label(),
                        h.role());
            }
        }
        try (Rows rows = rows("host_service", "account, host_id, position, service")) {
            for (Host h : s.hosts()) {
                for (int i = 0; i < h.services().size(); i++) {
                    rows.add(a, h.id(), i, h.services().get(i));
                }
            }
        }
        try (Rows rows = rows("dependency", "account, ord, from_service, to_service, weight, evidence")) {
            int ord = 0;
            for (Dependency d : s.dependencies()) {
                rows.add(a, ord++, d.from(), d.to(), d.weight(), d.evidence());
            }
        }
        try (Rows rows = rows("release", "account, ord, service, version, breaking")) {
            int ord = 0;
            for (Release r : s.releases()) {
                rows.add(a, ord++, r.service(), r.version(), r.breaking() ? 1 : 0);
            }
        }
        try (Rows rows = rows("release_requirement", "account, release_ord, position, requirement")) {
            for (int ord = 0; ord < s.releases().size(); ord++) {
                List<String> requires = s.releases().get(ord).requires();
                for (int i = 0; i < requires.size(); i++) {
                    rows.add(a, ord, i, requires.get(i));
                }
            }
        }
        try (Rows rows = rows("update_record", "account, ord, host_id, service, from_version, to_version, started, "
                + "finished, peak_cpu, outcome")) {
            int ord = 0;
            Set<String> learned = new HashSet<>();
            readLearned(a).forEach(u -> learned.add(sameUpdate(u)));
            for (UpdateRecord u : s.updateHistory()) {
                if (learned.contains(sameUpdate(u))) {
                    // learned from a rollout and kept in rollout_update, which a replace leaves as it is
                    continue;
                }
                rows.add(a, ord++, u.hostId(), u.service(), u.fromVersion(), u.toVersion(), u.started().toString(),
                        u.finished().toString(), u.peakCpu(), u.outcome().label());
            }
        }
        try (Rows rows = rows("scheduled_event", "account, ord, name, starts, ends, scope, load_factor")) {
            int ord = 0;
            for (ScheduledEvent e : s.events()) {
                rows.add(a, ord++, e.name(), e.start().toString(), e.end().toString(), e.scope(), e.loadFactor());
            }
        }
        try (Rows rows = rows("policy", "account, body")) {
            if (s.policy().isPresent()) {
                rows.add(a, PolicyJson.write(s.policy().get()));
            }
        }
        long nextId = nextSeriesId();
        try (Rows series = rows("series", "id, account, host_id, metric, ord, start_epoch, start_nanos, "
                + "step_seconds, sample_count")) {
            int ord = 0;
            for (EncodedSeries e : encoded) {
                MetricSeries m = e.series;
                series.add(nextId + ord, a, m.id().hostId(), m.id().metric().label(), ord,
                        m.start().getEpochSecond(), m.start().getNano(), m.step().getSeconds(), m.size());
                ord++;
            }
        }
        try (Rows chunks = rows("series_chunk", "series_id, chunk_start, sample_count, first_present, data")) {
            for (int ord = 0; ord < encoded.size(); ord++) {
                for (Chunk c : encoded.get(ord).chunks) {
                    chunks.add(nextId + ord, c.start, c.count, c.firstPresent, c.data);
                }
            }
        }
    }

    private long nextSeriesId() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet r = st.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM series")) {
            r.next();
            return r.getLong(1);
        }
    }

    private Rows rows(String table, String columns) throws SQLException {
        beforeTable.accept(table);
        String marks = String.join(", ", Collections.nCopies(columns.split(",").length, "?"));
        return new Rows(connection.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")"));
    }

    /** Batched inserts into one table; {@link #close} writes what is left. */
    private static final class Rows implements AutoCloseable {
        private final PreparedStatement statement;
        private int pending;

        Rows(PreparedStatement statement) {
            this.statement = statement;
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.addBatch();
            if (++pending == BATCH) {
                statement.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                if (pending > 0) {
                    statement.executeBatch();
                }
            } finally {
                statement.close();
            }
        }
    }

    /** A series cut into UTC days and encoded, done before the write lock is taken. */
    private record EncodedSeries(MetricSeries series, List<Chunk> chunks) {
        static EncodedSeries of(MetricSeries m) {
            long start = m.start().getEpochSecond();
            long step = m.step().getSeconds();
            double[] values = m.values();
            List<Chunk> chunks = new ArrayList<>();
            int i = 0;
            while (i < values.length) {
                long first = start + i * step;
                long nextDay = (Math.floorDiv(first, DAY_SECONDS) + 1) * DAY_SECONDS;
                int end = (int) Math.min(values.length, i + ceilDiv(nextDay - first, step));
                Long firstPresent = null;
                for (int j = i; j < end && firstPresent == null; j++) {
                    if (!Double.isNaN(values[j])) {
                        firstPresent = start + j * step;
                    }
                }
                chunks.add(new Chunk(first, end - i, firstPresent, SeriesCodec.encode(Arrays.copyOfRange(values, i, end))));
                i = end;
            }
            return new EncodedSeries(m, chunks);
        }
    }

    private record Chunk(long start, int count, Long firstPresent, byte[] data) {
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    @Override
    public synchronized Optional<AccountSnapshot> load(String account, boolean withMetrics) {
        try {
            // one read transaction, so that another program writing cannot show us half of a replace
            execute(connection, "BEGIN");
            try {
                Optional<Account> a = readAccounts(account).stream().findFirst();
                if (a.isEmpty()) {
                    execute(connection, "COMMIT");
                    return Optional.empty();
                }
                List<Host> hosts = readHosts(account);
                AccountSnapshot s = new AccountSnapshot(a.get(), readInstanceTypes(account), hosts,
                        readServices(account), readDependencies(account),
                        withMetrics ? readAllSeries(account) : List.of(), readReleases(account),
                        withLearned(account, hosts, readUpdateHistory(account)), readEvents(account),
                        readPolicy(account));
                execute(connection, "COMMIT");
                return Optional.of(s);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "account \"" + account + "\"", e);
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    private interface RowConsumer {
        void accept(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        List<T> result = new ArrayList<>();
        forEachRow(sql, r -> result.add(mapper.map(r)), parameters);
        return result;
    }

    private void forEachRow(String sql, RowConsumer consumer, Object... parameters) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    consumer.accept(r);
                }
            }
        }
    }

    private List<InstanceType> readInstanceTypes(String a) throws SQLException {
        return query("SELECT name, region, cpu_cores, memory_gib, network_gbps, disk_mbps, on_demand_hourly_usd, "
                        + "spot_hourly_usd FROM instance_type WHERE account = ? ORDER BY ord",
                r -> new InstanceType(r.getString(1), r.getString(2), capacity(r, 3), r.getDouble(7), r.getDouble(8)), a);
    }

    private static Capacity capacity(ResultSet r, int first) throws SQLException {
        return new Capacity(r.getDouble(first), r.getDouble(first + 1), r.getDouble(first + 2), r.getDouble(first + 3));
    }

    private List<Service> readServices(String a) throws SQLException {
        return query("SELECT name, criticality, max_utilisation, min_healthy_fraction, response_time_target_ms, "
                        + "service_time_ms FROM service WHERE account = ? ORDER BY ord",
                r -> {
                    // NULL in either column: no response-time target
                    double target = r.getDouble(5);
                    boolean hasTarget = !r.wasNull();
                    double serviceTime = r.getDouble(6);
                    hasTarget &= !r.wasNull();
                    Slo slo = new Slo(r.getDouble(3), r.getDouble(4));
                    return new Service(r.getString(1), Criticality.parse("criticality", r.getString(2)),
                            hasTarget ? slo.withResponseTime(new ResponseTime(target, serviceTime)) : slo);
                }, a);
    }

    private List<Host> readHosts(String a) throws SQLException {
        Map<String, List<String>> services = new HashMap<>();
        forEachRow("SELECT host_id, service FROM host_service WHERE account = ? ORDER BY host_id, position",
                r -> services.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2)), a);
        return query("SELECT id, region, zone, instance_type, cpu_cores, memory_gib, network_gbps, disk_mbps, "
                        + "hourly_cost_usd, version, criticality, role FROM host WHERE account = ? ORDER BY ord",
                r -> new Host(r.getString(1), services.getOrDefault(r.getString(1), List.of()), r.getString(2),
                        r.getString(3), r.getString(4), capacity(r, 5), r.getDouble(9), r.getString(10),
                        Criticality.parse("criticality", r.getString(11)), r.getString(12)), a);
    }

    private List<Dependency> readDependencies(String a) throws SQLException {
        return query("SELECT from_service, to_service, weight, evidence FROM dependency WHERE account = ? ORDER BY ord",
                r -> new Dependency(r.getString(1), r.getString(2), r.getDouble(3), r.getString(4)), a);
    }

    private List<Release> readReleases(String a) throws SQLException {
        Map<Integer, List<String>> requires = new HashMap<>();
        forEachRow("SELECT release_ord, requirement FROM release_requirement WHERE account = ? ORDER BY release_ord, position",
                r -> requires.computeIfAbsent(r.getInt(1), k -> new ArrayList<>()).add(r.getString(2)), a);
        return query("SELECT ord, service, version, breaking FROM release WHERE account = ? ORDER BY ord",
                r -> new Release(r.getString(2), r.getString(3), requires.getOrDefault(r.getInt(1), List.of()),
                        r.getInt(4) != 0), a);
    }

    private List<UpdateRecord> readUpdateHistory(String a) throws SQLException {
        return query("SELECT host_id, service, from_version, to_version, started, finished, peak_cpu, outcome "
                        + "FROM update_record WHERE account = ? ORDER BY ord",
                r -> new UpdateRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        Instant.parse(r.getString(5)), Instant.parse(r.getString(6)), r.getDouble(7),
                        UpdateOutcome.parse("outcome", r.getString(8))), a);
    }

    /**
     * The imported history followed by the updates rollouts ran ({@link LearnedUpdates}), leaving
     * out learned ones whose host or service the account no longer has (a snapshot refuses them).
     */
    private List<UpdateRecord> withLearned(String a, List<Host> hosts, List<UpdateRecord> imported)
            throws SQLException {
        List<UpdateRecord> learned = readLearned(a);
        if (learned.isEmpty()) {
            return imported;
        }
        Set<String> hostIds = new HashSet<>();
        Set<String> services = new HashSet<>(query("SELECT name FROM service WHERE account = ?", r -> r.getString(1),
                a));
        hosts.forEach(h -> hostIds.add(h.id()));
        List<UpdateRecord> out = new ArrayList<>(imported);
        learned.stream().filter(u -> hostIds.contains(u.hostId()) && services.contains(u.service())).forEach(out::add);
        return out;
    }

    private List<UpdateRecord> readLearned(String a) throws SQLException {
        return query("SELECT host_id, service, from_version, to_version, started, finished, peak_cpu, outcome "
                        + "FROM rollout_update WHERE account = ? ORDER BY started, step_key",
                r -> new UpdateRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        Instant.parse(r.getString(5)), Instant.parse(r.getString(6)), r.getDouble(7),
                        UpdateOutcome.parse("outcome", r.getString(8))), a);
    }

    /**
     * What makes an imported record the same update as a learned one: an export writes learned
     * records into its update history, and importing it again must not count them twice. Times to
     * the second and no peak, which a round trip through a file may round.
     */
    private static String sameUpdate(UpdateRecord u) {
        return u.hostId() + "|" + u.service() + "|" + u.fromVersion() + "|" + u.toVersion() + "|"
                + u.started().getEpochSecond() + "|" + u.finished().getEpochSecond() + "|" + u.outcome().label();
    }

    @Override
    public synchronized void appendUpdates(String account, Map<String, UpdateRecord> byKey) {
        if (byKey.isEmpty()) {
            return;
        }
        inWriteTransaction(account, () -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO rollout_update (account, step_key, "
                    + "host_id, service, from_version, to_version, started, finished, peak_cpu, outcome) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, step_key) DO NOTHING")) {
                for (Map.Entry<String, UpdateRecord> e : byKey.entrySet()) {
                    UpdateRecord u = e.getValue();
                    p.setString(1, account);
                    p.setString(2, e.getKey());
                    p.setString(3, u.hostId());
                    p.setString(4, u.service());
                    p.setString(5, u.fromVersion());
                    p.setString(6, u.toVersion());
                    p.setString(7, u.started().toString());
                    p.setString(8, u.finished().toString());
                    p.setDouble(9, u.peakCpu());
                    p.setString(10, u.outcome().label());
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    private List<ScheduledEvent> readEvents(String a) throws SQLException {
        return query("SELECT name, starts, ends, scope, load_factor FROM scheduled_event WHERE account = ? ORDER BY ord",
                r -> new ScheduledEvent(r.getString(1), Instant.parse(r.getString(2)), Instant.parse(r.getString(3)),
                        r.getString(4), r.getDouble(5)), a);
    }

    private Optional<Policy> readPolicy(String a) throws SQLException {
        return query("SELECT body FROM policy WHERE account = ?", r -> PolicyJson.read(r.getString(1)), a)
                .stream().findFirst();
    }

    private List<MetricSeries> readAllSeries(String a) throws SQLException {
        Map<Long, SeriesHead> heads = new LinkedHashMap<>();
        forEachRow("SELECT id, host_id, metric, start_epoch, start_nanos, step_seconds, sample_count FROM series "
                + "WHERE account = ? ORDER BY ord", r -> heads.put(r.getLong(1), SeriesHead.of(r)), a);
        Map<Long, double[]> values = new HashMap<>();
        for (Map.Entry<Long, SeriesHead> h : heads.entrySet()) {
            double[] v = new double[h.getValue().count];
            Arrays.fill(v, Double.NaN);
            values.put(h.getKey(), v);
        }
        forEachRow("SELECT c.series_id, c.chunk_start, c.data FROM series_chunk c JOIN series s ON s.id = c.series_id "
                + "WHERE s.account = ?", r -> {
            SeriesHead h = heads.get(r.getLong(1));
            double[] block = SeriesCodec.decode(r.getBytes(3));
            int offset = (int) ((r.getLong(2) - h.startEpoch) / h.step);
            System.arraycopy(block, 0, values.get(r.getLong(1)), offset, block.length);
        }, a);
        List<MetricSeries> series = new ArrayList<>(heads.size());
        for (Map.Entry<Long, SeriesHead> h : heads.entrySet()) {
            SeriesHead head = h.getValue();
            series.add(new MetricSeries(head.id, Instant.ofEpochSecond(head.startEpoch, head.startNanos),
                    Duration.ofSeconds(head.step), values.get(h.getKey())));
        }
        return series;
    }

    private record SeriesHead(SeriesId id, long startEpoch, int startNanos, long step, int count) {
        static SeriesHead of(ResultSet r) throws SQLException {
            return new SeriesHead(new SeriesId(r.getString(2), Metric.parse("metric", r.getString(3))),
                    r.getLong(4), r.getInt(5), r.getLong(6), r.getInt(7));
        }
    }

    @Override
    public synchronized List<SeriesId> seriesIds(String account) {
        try {
            List<SeriesId> ids = query("SELECT host_id, metric FROM series WHERE account = ?",
                    r -> new SeriesId(r.getString(1), Metric.parse("metric", r.getString(2))), account);
            // metrics sort in their enum order (cpu, memory, ...), which SQL text ordering would not give
            return ids.stream().sorted().toList();
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "account \"" + account + "\"", e);
        }
    }

    /**
     * Time is compared in whole seconds, as {@link MetricSeries#slice} does, so that the result
     * equals slicing the loaded series.
     */
    @Override
    public synchronized Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
        record Row(long startEpoch, int startNanos, long step, long chunkStart, byte[] data) {
        }
        try {
            // A chunk's last sample is at chunk_start + (count - 1) * step; the bounds are loose
            // on purpose and the exact cut is made by slice().
            List<Row> rows = query("SELECT s.start_epoch, s.start_nanos, s.step_seconds, c.chunk_start, c.data "
                            + "FROM series s JOIN series_chunk c ON c.series_id = s.id "
                            + "WHERE s.account = ? AND s.host_id = ? AND s.metric = ? "
                            + "AND c.chunk_start < ? AND c.chunk_start + c.sample_count * s.step_seconds > ? "
                            + "ORDER BY c.chunk_start",
                    r -> new Row(r.getLong(1), r.getInt(2), r.getLong(3), r.getLong(4), r.getBytes(5)),
                    account, id.hostId(), id.metric().label(), to.getEpochSecond(), from.getEpochSecond());
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            long step = rows.get(0).step;
            long base = rows.get(0).chunkStart;
            List<double[]> blocks = new ArrayList<>(rows.size());
            for (Row r : rows) {
                blocks.add(SeriesCodec.decode(r.data));
            }
            Row last = rows.get(rows.size() - 1);
            double[] values = new double[(int) ((last.chunkStart - base) / step) + blocks.get(blocks.size() - 1).length];
            Arrays.fill(values, Double.NaN);
            for (int i = 0; i < rows.size(); i++) {
                double[] b = blocks.get(i);
                System.arraycopy(b, 0, values, (int) ((rows.get(i).chunkStart - base) / step), b.length);
            }
            MetricSeries slice = new MetricSeries(id, Instant.ofEpochSecond(base, rows.get(0).startNanos),
                    Duration.ofSeconds(step), values).slice(from, to);
            return slice.size() == 0 ? Optional.empty() : Optional.of(slice);
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "account \"" + account + "\"", e);
        }
    }

    /**
     * Reads one chunk per host: the last one whose first present sample is at or before
     * {@code at}, found through an index. That chunk holds the answer because chunks do not
     * overlap. Time is compared in whole seconds, as {@link MetricSeries#latestAt} does.
     */
    @Override
    public synchronized Map<String, Double> latest(String account, Metric metric, Instant at) {
        long atSecond = at.getEpochSecond();
        try {
            Map<String, Double> latest = new TreeMap<>();
            forEachRow("SELECT s.host_id, s.step_seconds, c.chunk_start, c.data "
                            + "FROM series s JOIN series_chunk c ON c.series_id = s.id "
                            + "WHERE s.account = ? AND s.metric = ? AND c.first_present = "
                            + "(SELECT max(c2.first_present) FROM series_chunk c2 "
                            + " WHERE c2.series_id = s.id AND c2.first_present <= ?)",
                    r -> {
                        double[] block = SeriesCodec.decode(r.getBytes(4));
                        long last = Math.min(block.length - 1L, Math.floorDiv(atSecond - r.getLong(3), r.getLong(2)));
                        for (long i = last; i >= 0; i--) {
                            if (!Double.isNaN(block[(int) i])) {
                                latest.put(r.getString(1), block[(int) i]);
                                break;
                            }
                        }
                    }, account, metric.label(), atSecond);
            return latest;
        } catch (SQLException e) {
            throw StoreProblems.readFailed(file, "account \"" + account + "\"", e);
        }
    }

    /** The database file plus its write-ahead log, which holds recent writes until a checkpoint. */
    @Override
    public synchronized long sizeBytes() {
        long size = 0;
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            try {
                size += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                // a log checkpointed away between exists() and size() simply counts as 0
            }
        }
        return size;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw StoreProblems.closeFailed(file, e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** SQLite may already have rolled back by itself (disk full, I/O error); that is not a new failure. */
    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection c, Exception failure) {
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
