package dev.headroom.plan;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.FeedbackLoop;
import dev.headroom.forecast.Forecaster;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.providers.sandbox.SandboxFuture;
import dev.headroom.scenario.ScenarioReader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans for an account or a scenario directory: builds the problem from the fleet and its
 * forecasts, runs a planner, and replays plans against actual load where it is known.
 */
public final class PlanningService {
    private final FleetStore store;
    private final ProviderRegistry providers;
    private final Forecaster forecaster;
    private final Optional<FeedbackLoop> feedback;

    public PlanningService(FleetStore store, ProviderRegistry providers, Forecaster forecaster) {
        this(store, providers, forecaster, Optional.empty());
    }

    private PlanningService(FleetStore store, ProviderRegistry providers, Forecaster forecaster,
                            Optional<FeedbackLoop> feedback) {
        this.store = store;
        this.providers = providers;
        this.forecaster = forecaster;
        this.feedback = feedback;
    }

    /**
     * The same service whose problems note services whose load, during their latest rollouts, ran
     * above the forecast's upper quantile more often than chance explains ({@link FeedbackLoop#rolloutCalibration}).
     */
    public PlanningService withFeedback(FeedbackLoop loop) {
        return new PlanningService(store, providers, forecaster, Optional.of(loop));
    }

    /**
     * A fleet to plan for, as of {@code at}: forecasts see only samples before it.
     *
     * @param future the same fleet with samples after {@code at}, for replays; empty when unknown
     */
    public record Source(String name, AccountSnapshot snapshot, Instant at, Optional<AccountSnapshot> future) {
        public Policy policy() {
            return snapshot.policy().orElse(Policy.DEFAULT);
        }
    }

    /** A stored account at its clock. */
    public Source account(String name) {
        AccountSnapshot snapshot = store.load(name, true).orElseThrow(() -> new HeadroomException(
                "There is no account named \"" + name + "\". Run \"headroom accounts\" to list the accounts."));
        Account account = snapshot.account();
        Instant at = providers.provider(account).clock().instant();
        return new Source(name, snapshot, at, Optional.empty());
    }

    /**
     * A stored account with its future: for the sandbox, its generator run on past the clock
     * until {@code until}; for other accounts, nothing yet (their actuals arrive live).
     */
    public Source accountWithFuture(String name, Instant until, ProgressListener progress) {
        Source s = account(name);
        if (s.snapshot().account().kind() != AccountKind.SANDBOX) {
            return s;
        }
        AccountSnapshot world = SandboxFuture.until(s.snapshot().account(), until, progress);
        AccountSnapshot withPolicy = new AccountSnapshot(world.account(), world.instanceTypes(), world.hosts(),
                world.services(), world.dependencies(), world.metrics(), world.releases(), world.updateHistory(),
                world.events(), s.snapshot().policy());
        return new Source(name, withPolicy, s.at(), Optional.of(withPolicy));
    }

    /**
     * A scenario directory, planned at its window's start when its policy has one (metrics from
     * there on are its actuals), else at the end of its metrics.
     */
    public static Source scenario(Path dir, Clock clock) {
        String name = String.valueOf(dir.toAbsolutePath().normalize().getFileName());
        Account account = new Account(safeName(name), AccountKind.FILES, clock.instant(), Map.of());
        AccountSnapshot snapshot = ScenarioReader.read(dir, account);
        Instant end = snapshot.metrics().stream().map(MetricSeries::end).max(Instant::compareTo).orElse(clock.instant());
        Instant at = snapshot.policy().flatMap(Policy::window).map(w -> w.start().isBefore(end) ? w.start() : end)
                .orElse(end);
        boolean hasFuture = snapshot.policy().flatMap(Policy::window).map(w -> w.start().isBefore(end)).orElse(false);
        return new Source(name, snapshot, at, hasFuture ? Optional.of(snapshot) : Optional.empty());
    }

    private static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._:@-]", "-");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "scenario" : s;
    }

    public PlanningProblem problem(Source source, Optional<Policy> policy, ProgressListener progress) {
        PlanningProblem problem = ProblemBuilder.build(source.name(), source.snapshot(),
                policy.orElse(source.policy()), source.at(), forecaster, progress);
        return feedback.map(f -> withCalibration(problem, source.snapshot().account().name(), f)).orElse(problem);
    }

    /** The problem with a note per service its latest rollouts flagged; the same problem when none was. */
    static PlanningProblem withCalibration(PlanningProblem p, String account, FeedbackLoop feedback) {
        List<String> notes = new ArrayList<>(p.notes());
        for (String service : p.demands().keySet()) {
            feedback.rolloutCalibration(account, service).filter(FeedbackLoop.RolloutCalibration::flagged)
                    .ifPresent(c -> notes.add("Rollouts: " + c.describe() + ". This plan still covers the policy's "
                            + "quantile; a higher forecast quantile or safety margin covers more of " + service
                            + "'s load."));
        }
        return notes.size() == p.notes().size() ? p : new PlanningProblem(p.scenario(), p.policy(), p.start(),
                p.step(), p.steps(), p.hosts(), p.demands(), p.surgeOptions(), p.prerequisites(), p.unplannable(),
                notes);
    }

    /** Actual load per service over the problem's window, when the source knows its future. */
    public static Optional<Map<String, double[]>> actual(Source source, PlanningProblem problem) {
        return source.future().flatMap(f -> ProblemBuilder.actualLoad(f, problem));
    }
}
