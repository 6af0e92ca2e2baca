package dev.headroom.rollout;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Release;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.fleet.FleetStore;
import dev.headroom.fleet.LearnedUpdates;
import dev.headroom.forecast.ForecastJournal;
import dev.headroom.plan.ScenarioRepository;
import dev.headroom.plan.UpdateImpactModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished rollout actually did, written back where the next forecast and plan learn from
 * it (see docs/rollouts.md, "Learning from a rollout"):
 * <ul>
 *   <li>per plan batch and service, how the forecast the rollout was monitored against did
 *       against the observed load ({@link ForecastJournal.RolloutScore}), into the forecast
 *       feedback store, where {@link dev.headroom.forecast.FeedbackLoop#rolloutCalibration} reads it;</li>
 *   <li>per update step that ran, an {@link UpdateRecord} (host, service, from and to version, start
 *       and end in plan time, outcome) appended to the account's update history, which
 *       {@link UpdateImpactModel} learns durations, failure rates and peaks from.</li>
 * </ul>
 * Both writes are keyed (rollout, batch and service; the update step's idempotency key), so
 * recording a rollout again changes nothing: the driver records it just before it stores the
 * rollout's end, and a driver that stops in between records it again when it finishes the rollout.
 */
public final class RolloutOutcome {
    private static final double EPS = 1e-9;
    /** The quantile the impact model's estimate of a peak is taken at (its peak is a mean; the quantile does not change it). */
    private static final double PEAK_QUANTILE = 0.5;
    private static final Pattern FROM = Pattern.compile("^from (\\S+) to \\S+(?: \\(trigger (\\d+)\\))?");

    /**
     * What was learned from one rollout.
     *
     * @param updates by update step idempotency key
     * @param notes   what could not be learned and why, in operator words
     */
    public record Learned(List<ForecastJournal.RolloutScore> scores, Map<String, UpdateRecord> updates,
                          List<String> notes) {
        public Learned {
            scores = List.copyOf(scores);
            updates = Map.copyOf(updates);
            notes = List.copyOf(notes);
        }

        /** One line for the driver's progress. */
        public String summary(String rolloutId) {
            return "Rollout " + rolloutId + ": " + scores.size() + " batch score" + (scores.size() == 1 ? "" : "s")
                    + " written to the forecast feedback store, " + updates.size() + " update" + (updates.size() == 1
                    ? "" : "s") + " appended to the update history" + (notes.isEmpty() ? "" : "; "
                    + String.join("; ", notes)) + ".";
        }
    }

    private final FleetStore fleet;
    private final LearnedUpdates history;
    private final ScenarioRepository scenarios;
    private final ForecastJournal feedback;

    /**
     * @param fleet     the account's hosts and history as they stand (services, versions, impact model)
     * @param history   where the updates are appended
     * @param scenarios the rollout's scenario, for the forecast quantile its plan covered
     * @param feedback  the forecast feedback store the scores go to
     */
    public RolloutOutcome(FleetStore fleet, LearnedUpdates history, ScenarioRepository scenarios,
                          ForecastJournal feedback) {
        this.fleet = fleet;
        this.history = history;
        this.scenarios = scenarios;
        this.feedback = feedback;
    }

    /**
     * Learns from the rollout's journal and writes what it learned (two transactions, each
     * idempotent). What cannot be worked out (a bad stored value, a host the account no longer
     * has) is left out and named in {@link Learned#notes()}: learning never stops a rollout ending.
     *
     * @throws HeadroomException when the store cannot be read or written; nothing half-written stays
     */
    public Learned record(Rollout rollout, RolloutJournal journal) {
        List<RolloutStep> steps = journal.steps(rollout.id());
        List<LoadCheck> checks = journal.loadChecks(rollout.id());
        Optional<AccountSnapshot> snapshot = fleet.load(rollout.account(), false);
        double quantile = scenarios.find(rollout.account(), rollout.scenario())
                .map(s -> s.policy().forecastQuantile()).orElse(Double.NaN);
        Learned learned;
        try {
            learned = learn(rollout, steps, checks, snapshot, quantile);
        } catch (HeadroomException e) {
            throw e;
        } catch (RuntimeException e) {
            // a defect here must not keep the rollout from ending; the operator is told what was not written
            learned = new Learned(List.of(), Map.of(), List.of("nothing was learned: " + e));
        }
        feedback.saveRolloutScores(rollout.account(), learned.scores());
        history.appendUpdates(rollout.account(), learned.updates());
        return learned;
    }

    /** What the rollout taught, computed from its journal; writes nothing. */
    static Learned learn(Rollout rollout, List<RolloutStep> steps, List<LoadCheck> checks,
                         Optional<AccountSnapshot> snapshot, double quantile) {
        List<String> notes = new ArrayList<>();
        List<ForecastJournal.RolloutScore> scores = scores(rollout.id(), checks, quantile);
        Map<String, UpdateRecord> updates = new LinkedHashMap<>();
        if (snapshot.isEmpty()) {
            notes.add("account " + rollout.account() + " is no longer stored, so no update was recorded");
        } else {
            updates.putAll(updates(rollout, steps, checks, snapshot.get(), notes));
        }
        return new Learned(scores, updates, notes);
    }

    /** Per plan batch and service, the forecast against the observed load, from the ticks that had a forecast. */
    static List<ForecastJournal.RolloutScore> scores(String rolloutId, List<LoadCheck> checks, double quantile) {
        Map<Integer, Map<String, List<LoadCheck>>> groups = new TreeMap<>();
        for (LoadCheck c : checks) {
            if (Double.isFinite(c.predictedMedian()) && Double.isFinite(c.predictedUpper())
                    && Double.isFinite(c.actualLoad())) {
                groups.computeIfAbsent(c.batch(), b -> new TreeMap<>())
                        .computeIfAbsent(c.service(), s -> new ArrayList<>()).add(c);
            }
        }
        List<ForecastJournal.RolloutScore> out = new ArrayList<>();
        groups.forEach((batch, byService) -> byService.forEach((service, list) -> {
            double abs = 0;
            double signed = 0;
            int above = 0;
            double worst = 0;
            Instant last = Instant.MIN;
            for (LoadCheck c : list) {
                double error = c.actualLoad() - c.predictedMedian();
                abs += Math.abs(error);
                signed += error;
                worst = Math.max(worst, error);
                // the same test as the engine's deviation alert
                above += c.actualLoad() > c.predictedUpper() + EPS ? 1 : 0;
                last = c.planTime().isAfter(last) ? c.planTime() : last;
            }
            int n = list.size();
            out.add(new ForecastJournal.RolloutScore(rolloutId, batch, service, last, quantile, n, abs / n, signed / n,
                    (double) above / n, worst));
        }));
        return out;
    }

    /** One record per update step that ran (done or failed), by the step's idempotency key. */
    static Map<String, UpdateRecord> updates(Rollout r, List<RolloutStep> steps, List<LoadCheck> checks,
                                             AccountSnapshot snapshot, List<String> notes) {
        Map<String, Host> hosts = new LinkedHashMap<>();
        snapshot.hosts().forEach(h -> hosts.put(h.id(), h));
        UpdateImpactModel impact = UpdateImpactModel.fit(snapshot.updateHistory());
        Map<String, UpdateRecord> out = new LinkedHashMap<>();
        for (RolloutStep s : steps) {
            if (s.kind() != StepKind.UPDATE || !(s.state() == StepState.DONE || s.state() == StepState.FAILED)
                    || s.startedAt().isEmpty() || s.finishedAt().isEmpty()) {
                continue;
            }
            Host host = hosts.get(s.subject());
            if (host == null) {
                notes.add("host " + s.subject() + " is no longer in the account, so its update is not recorded");
                continue;
            }
            Optional<String> from = from(s, steps, host);
            if (from.isEmpty()) {
                notes.add("the version " + s.subject() + " was updated from is not known, so its update is not "
                        + "recorded");
                continue;
            }
            String to = s.argument();
            String service = service(host, to, snapshot.releases());
            Instant started = r.planTime(s.startedAt().get());
            // how long the host said its update runs (the driver waited that long before its health check)
            Optional<Duration> reported = s.state() == StepState.DONE ? s.reportedUpdateMinutes()
                    .map(m -> Duration.ofMillis(Math.round(m * 60_000))) : Optional.empty();
            Instant finished = reported.map(started::plus).orElseGet(() -> r.planTime(s.finishedAt().get()));
            if (finished.isBefore(started)) {
                finished = started;
            }
            UpdateOutcome outcome = s.state() == StepState.FAILED ? UpdateOutcome.FAILED
                    : rolledBack(s, steps) ? UpdateOutcome.ROLLED_BACK : UpdateOutcome.SUCCEEDED;
            double peak = peak(checks, service, started, finished)
                    .orElseGet(() -> impact.estimate(service, from.get(), to, PEAK_QUANTILE).peakCpuPercent());
            try {
                out.put(s.idempotencyKey(), new UpdateRecord(host.id(), service, from.get(), to, started, finished,
                        peak, outcome));
            } catch (IllegalArgumentException e) {
                notes.add("the update of " + s.subject() + " is not recorded: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The version the host had: a done step's result says it ({@code from X to Y}); a failed update
     * changed nothing, so it is the version another update of the host in this rollout started
     * from, or the host's version now when no other one ran and the host is not on the target.
     */
    private static Optional<String> from(RolloutStep s, List<RolloutStep> steps, Host host) {
        Optional<String> own = s.result().map(FROM::matcher).filter(Matcher::find).map(m -> m.group(1));
        if (s.state() == StepState.DONE) {
            return own;
        }
        Optional<String> other = steps.stream().filter(x -> x.kind() == StepKind.UPDATE && x.state() == StepState.DONE
                && x.subject().equals(s.subject())).findFirst().flatMap(x -> x.result().map(FROM::matcher)
                .filter(Matcher::find).map(m -> m.group(1)));
        if (other.isPresent()) {
            return other;
        }
        return host.version().equals(s.argument()) ? Optional.empty() : Optional.of(host.version());
    }

    /** Whether the next thing done to the host after this update was a rollback. */
    private static boolean rolledBack(RolloutStep update, List<RolloutStep> steps) {
        return steps.stream().filter(x -> x.seq() > update.seq() && x.subject().equals(update.subject())
                        && x.state() == StepState.DONE && (x.kind() == StepKind.UPDATE || x.kind() == StepKind.ROLLBACK))
                .findFirst().map(x -> x.kind() == StepKind.ROLLBACK).orElse(false);
    }

    /**
     * The service the planner estimates the host's update for (the one whose release the host goes
     * to, else the first with a release, else the first), so that the next estimate of that step
     * learns from this record.
     */
    static String service(Host host, String to, List<Release> releases) {
        Map<String, String> release = new LinkedHashMap<>();
        releases.forEach(x -> release.put(x.service(), x.version()));
        return host.services().stream().filter(x -> to.equals(release.get(x))).findFirst()
                .or(() -> host.services().stream().filter(release::containsKey).findFirst())
                .orElse(host.services().get(0));
    }

    /**
     * The service's highest observed utilisation (load over capacity in service plus surge) at the
     * ticks within the update: the load the update was carried through. Empty when no tick fell in it.
     */
    private static Optional<Double> peak(List<LoadCheck> checks, String service, Instant from, Instant to) {
        return checks.stream().filter(c -> c.service().equals(service) && c.capacityCores() > 0
                        && !c.planTime().isBefore(from) && !c.planTime().isAfter(to))
                .map(c -> Math.min(100, Math.max(0, 100 * c.actualLoad() / c.capacityCores())))
                .max(Double::compare);
    }
}
