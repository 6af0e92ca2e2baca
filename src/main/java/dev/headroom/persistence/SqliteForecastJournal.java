package dev.headroom.persistence;

import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.ForecastJournal;
import dev.headroom.forecast.IntervalLevels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ForecastJournal} in the same SQLite file as the fleet, on the store's connection and
 * under its lock, so journal writes and fleet writes never interleave half-way.
 *
 * <p>The band and coverage columns keep their schema-2 names although the levels are no longer
 * fixed (schema 4 added {@code forecast_entry.inner_level} and {@code outer_level}):
 * {@code lower80}/{@code upper80} hold the inner band and {@code lower95}/{@code upper95} the
 * outer band at the entry's levels, and {@code forecast_score.coverage80}/{@code coverage95}
 * the coverage of the inner and outer band, measured against those same levels.
 */
public final class SqliteForecastJournal implements ForecastJournal {
    private final SqliteStore store;

    public SqliteForecastJournal(SqliteStore store) {
        this.store = store;
    }

    @Override
    public long record(String account, Instant madeAt, List<Entry> entries) {
        return store.write(account, c -> {
            long run;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_run (account, made_at) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, account);
                p.setString(2, madeAt.toString());
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    run = keys.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_entry (run, series, start_epoch, "
                    + "step_seconds, horizon, end_epoch, model, reason, backtest_mase, scale, mean, lower80, upper80, "
                    + "lower95, upper95, inner_level, outer_level) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry e : entries) {
                    Forecast f = e.forecast();
                    p.setLong(1, run);
                    p.setString(2, f.seriesId());
                    p.setLong(3, f.start().getEpochSecond());
                    p.setLong(4, f.step().getSeconds());
                    p.setInt(5, f.horizon());
                    p.setLong(6, f.time(f.horizon()).getEpochSecond());
                    p.setString(7, f.model());
                    p.setString(8, f.reason());
                    setNullable(p, 9, f.backtestMase());
                    p.setDouble(10, e.scale());
                    p.setBytes(11, SeriesCodec.encode(f.mean()));
                    // inner band in the *80 columns, outer band in the *95 columns (see the class comment)
                    p.setBytes(12, SeriesCodec.encode(f.lowerInner()));
                    p.setBytes(13, SeriesCodec.encode(f.upperInner()));
                    p.setBytes(14, SeriesCodec.encode(f.lowerOuter()));
                    p.setBytes(15, SeriesCodec.encode(f.upperOuter()));
                    p.setDouble(16, f.levels().inner());
                    p.setDouble(17, f.levels().outer());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return run;
        });
    }

    @Override
    public List<Pending> dueForScoring(String account, Instant until) {
        return store.read("the forecast journal", c -> {
            List<Pending> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT r.id, r.made_at, e.series, e.start_epoch, "
                    + "e.step_seconds, e.model, e.reason, e.backtest_mase, e.scale, e.mean, e.lower80, e.upper80, "
                    + "e.lower95, e.upper95, e.inner_level, e.outer_level FROM forecast_entry e "
                    + "JOIN forecast_run r ON r.id = e.run "
                    + "LEFT JOIN forecast_score s ON s.run = e.run AND s.series = e.series "
                    + "WHERE r.account = ? AND e.end_epoch <= ? AND s.run IS NULL ORDER BY r.id, e.series")) {
                p.setString(1, account);
                p.setLong(2, until.getEpochSecond());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        double backtest = nullable(r, 8);
                        Forecast f = new Forecast(r.getString(3), Instant.ofEpochSecond(r.getLong(4)),
                                Duration.ofSeconds(r.getLong(5)), SeriesCodec.decode(r.getBytes(10)),
                                SeriesCodec.decode(r.getBytes(11)), SeriesCodec.decode(r.getBytes(12)),
                                SeriesCodec.decode(r.getBytes(13)), SeriesCodec.decode(r.getBytes(14)),
                                levels(r, 15), r.getString(6), r.getString(7), backtest);
                        out.add(new Pending(r.getLong(1), Instant.parse(r.getString(2)), new Entry(f, r.getDouble(9))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveScore(String account, Score score) {
        store.write(account, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO forecast_score (run, series, "
                    + "scored_at, actuals, mase, coverage80, coverage95) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, score.run());
                p.setString(2, score.seriesId());
                p.setString(3, score.scoredAt().toString());
                p.setInt(4, score.actuals());
                setNullable(p, 5, score.mase());
                // the inner and outer band's coverage, at the levels stored with the entry
                setNullable(p, 6, score.coverageInner());
                setNullable(p, 7, score.coverageOuter());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Score> scores(String account, String seriesId, int limit) {
        return store.read("the forecast journal", c -> {
            List<Score> out = new ArrayList<>();
            // coverage80/coverage95 are the inner and outer band's coverage at the entry's levels
            try (PreparedStatement p = c.prepareStatement("SELECT s.run, r.made_at, s.scored_at, e.model, s.actuals, "
                    + "s.mase, s.coverage80, s.coverage95, e.backtest_mase, e.inner_level, e.outer_level "
                    + "FROM forecast_score s "
                    + "JOIN forecast_run r ON r.id = s.run JOIN forecast_entry e ON e.run = s.run AND e.series = s.series "
                    + "WHERE r.account = ? AND s.series = ? ORDER BY r.made_at DESC, s.run DESC LIMIT ?")) {
                p.setString(1, account);
                p.setString(2, seriesId);
                p.setInt(3, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        double mase = nullable(r, 6);
                        double backtest = nullable(r, 9);
                        out.add(new Score(r.getLong(1), seriesId, Instant.parse(r.getString(2)),
                                Instant.parse(r.getString(3)), r.getString(4), r.getInt(5), mase, levels(r, 10),
                                nullable(r, 7), nullable(r, 8), backtest));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveRolloutScores(String account, List<RolloutScore> scores) {
        if (scores.isEmpty()) {
            return;
        }
        store.write(account, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_score (account, rollout_id, batch, "
                    + "service, scored_at, quantile, checks, mae, bias, above_upper, worst_under) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rollout_id, batch, service) DO UPDATE SET "
                    + "account = excluded.account, scored_at = excluded.scored_at, quantile = excluded.quantile, "
                    + "checks = excluded.checks, mae = excluded.mae, bias = excluded.bias, "
                    + "above_upper = excluded.above_upper, worst_under = excluded.worst_under")) {
                for (RolloutScore s : scores) {
                    p.setString(1, account);
                    p.setString(2, s.rolloutId());
                    p.setInt(3, s.batch());
                    p.setString(4, s.service());
                    p.setString(5, s.scoredAt().toString());
                    setNullable(p, 6, s.quantile());
                    p.setInt(7, s.checks());
                    p.setDouble(8, s.mae());
                    p.setDouble(9, s.bias());
                    p.setDouble(10, s.aboveUpper());
                    p.setDouble(11, s.worstUnder());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<RolloutScore> rolloutScores(String account, String rolloutId) {
        return rolloutScores("WHERE account = ? AND rollout_id = ? ORDER BY batch, service", account, rolloutId,
                Integer.MAX_VALUE);
    }

    @Override
    public List<RolloutScore> recentRolloutScores(String account, String service, int limit) {
        return rolloutScores("WHERE account = ? AND service = ? ORDER BY scored_at DESC, rollout_id DESC, batch DESC",
                account, service, limit);
    }

    private List<RolloutScore> rolloutScores(String where, String account, String key, int limit) {
        return store.read("the rollout scores", c -> {
            List<RolloutScore> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT rollout_id, batch, service, scored_at, quantile, "
                    + "checks, mae, bias, above_upper, worst_under FROM rollout_score " + where + " LIMIT ?")) {
                p.setString(1, account);
                p.setString(2, key);
                p.setInt(3, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new RolloutScore(r.getString(1), r.getInt(2), r.getString(3),
                                Instant.parse(r.getString(4)), nullable(r, 5), r.getInt(6), r.getDouble(7),
                                r.getDouble(8), r.getDouble(9), r.getDouble(10)));
                    }
                }
            }
            return out;
        });
    }

    private static void setNullable(PreparedStatement p, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            p.setNull(index, Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }

    /**
     * The levels in {@code column} and the next one. A row that breaks their rules was not
     * written by this class: the journal is damaged, which the store reports as such.
     */
    private static IntervalLevels levels(ResultSet r, int column) throws SQLException {
        try {
            return new IntervalLevels(r.getDouble(column), r.getDouble(column + 1));
        } catch (IllegalArgumentException e) {
            throw new SQLException("forecast_entry holds invalid interval levels: " + e.getMessage(), e);
        }
    }

    private static double nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    /** Work on the store's connection. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
