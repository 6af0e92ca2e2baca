-- Headroom schema 2: the forecast journal (seed 002's feedback loop). Every forecast the
-- engine makes is kept with the scale of its training window, and scored once actuals for its
-- whole horizon are stored, so that model selection can see when live error drifts from the
-- backtest error it was chosen on.

CREATE TABLE forecast_run (
    id       INTEGER PRIMARY KEY,
    account  TEXT NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    made_at  TEXT NOT NULL
);

CREATE INDEX forecast_run_account ON forecast_run (account, made_at);

-- bounds are SeriesCodec blocks of the per-step values; start/step are epoch seconds
CREATE TABLE forecast_entry (
    run           INTEGER NOT NULL REFERENCES forecast_run (id) ON DELETE CASCADE,
    series        TEXT    NOT NULL,
    start_epoch   INTEGER NOT NULL,
    step_seconds  INTEGER NOT NULL,
    horizon       INTEGER NOT NULL,
    end_epoch     INTEGER NOT NULL,
    model         TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    backtest_mase REAL,
    scale         REAL    NOT NULL,
    mean          BLOB    NOT NULL,
    lower80       BLOB    NOT NULL,
    upper80       BLOB    NOT NULL,
    lower95       BLOB    NOT NULL,
    upper95       BLOB    NOT NULL,
    PRIMARY KEY (run, series)
);

CREATE INDEX forecast_entry_due ON forecast_entry (end_epoch);

-- mase and coverage are NULL when no actual arrived (or the scale was 0)
CREATE TABLE forecast_score (
    run          INTEGER NOT NULL,
    series       TEXT    NOT NULL,
    scored_at    TEXT    NOT NULL,
    actuals      INTEGER NOT NULL,
    mase         REAL,
    coverage80   REAL,
    coverage95   REAL,
    PRIMARY KEY (run, series),
    FOREIGN KEY (run, series) REFERENCES forecast_entry (run, series) ON DELETE CASCADE
);
