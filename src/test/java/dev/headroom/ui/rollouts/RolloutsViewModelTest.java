package dev.headroom.ui.rollouts;

import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutsViewModelTest {
    private final Problems problems = new Problems();

    private RolloutsViewModel viewModel(RolloutQueries queries) {
        RolloutsViewModel vm = new RolloutsViewModel(queries, new SameThreadRunner(), problems, new Activity());
        vm.accountProperty().set(RolloutStore.ACCOUNT);
        return vm;
    }

    @Test
    void launchDrivesTheApprovedPlanToDoneAndGroupsItsStepsByBatchAndHost(@TempDir Path dir) {
        RolloutStore store = RolloutStore.create(dir, true);
        RolloutsViewModel vm = viewModel(store.queries());
        assertThat(vm.approvedScenarios()).containsExactly("night");
        assertThat(vm.canLaunchProperty().get()).isTrue();
        assertThat(vm.statusTextProperty().get()).startsWith("No rollout of this account yet");

        vm.launch("night", "");

        assertThat(problems.messageProperty().get()).isEmpty();
        Rollout r = vm.selectedProperty().get();
        assertThat(r.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(vm.rollouts()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(r.id());
            assertThat(row.progressText()).isEqualTo("14/14");
        });
        assertThat(vm.batches()).extracting(BatchRow::batch).containsExactly(1, 2);
        assertThat(vm.batches().get(0).hosts()).extracting(HostRow::host).containsExactly("web-2", "web-1");
        assertThat(vm.batches().get(1).hosts()).extracting(HostRow::host).containsExactly("db-1");
        assertThat(vm.batches()).flatExtracting(BatchRow::hosts).extracting(HostRow::state)
                .containsOnly(HostState.HEALTHY);
        assertThat(vm.batches().get(1).hosts().get(0).version()).isEqualTo("15.1");
        assertThat(vm.batches()).extracting(BatchRow::phase).containsOnly("done");
        assertThat(vm.reservations()).extracting(ReservationRow::state).containsExactly("released", "released");
        assertThat(vm.costTextProperty().get()).startsWith("0 of 2 reservations held · cost so far $0.70");
        assertThat(vm.endedProperty().get()).isTrue();
        assertThat(vm.summary()).isEmpty();
        assertThat(vm.summaryTextProperty().get()).startsWith("No load checks were recorded for this rollout");
        assertThat(vm.loadTextProperty().get()).startsWith("No load checks yet");
        assertThat(vm.driving(r.id())).isFalse();
        assertThat(vm.canPauseProperty().get()).isFalse();
        assertThat(vm.canAbortProperty().get()).isFalse();
        assertThat(vm.canLaunchProperty().get()).as("the rollout ended, so another may start").isTrue();
    }

    @Test
    void withoutAnApprovedScenarioLaunchIsOffAndTheMessageSaysHowToApprove(@TempDir Path dir) {
        RolloutsViewModel vm = viewModel(RolloutStore.create(dir, false).queries());

        assertThat(vm.approvedScenarios()).isEmpty();
        assertThat(vm.canLaunchProperty().get()).isFalse();
        assertThat(vm.launchMessageProperty().get()).isEqualTo("No scenario of account sandbox has an approved "
                + "plan, so there is nothing to launch. Plan a scenario on the Plan page, then approve it with: "
                + "headroom rollout approve SCENARIO --account sandbox");
    }

    @Test
    void controlsAreEnabledByTheSelectedRolloutsStatus() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        fake.status = RolloutStatus.PAUSED;
        RolloutsViewModel vm = viewModel(fake);
        assertThat(vm.selectedIdProperty().get()).as("the unfinished rollout is selected").isEqualTo("r1");
        assertThat(vm.canPauseProperty().get()).isFalse();
        assertThat(vm.canResumeProperty().get()).isTrue();
        assertThat(vm.canAbortProperty().get()).isTrue();
        assertThat(vm.canLaunchProperty().get()).as("one rollout at a time per account").isFalse();
        assertThat(vm.canRollbackBatchProperty().get()).as("no batch selected").isFalse();
        assertThat(vm.canSkipHostProperty().get()).as("no host selected").isFalse();
        vm.selectedBatchProperty().set(1);
        vm.selectedHostProperty().set("web-1");
        assertThat(vm.canRollbackBatchProperty().get()).as("no host of batch 1 was updated yet").isFalse();
        assertThat(vm.canSkipHostProperty().get()).as("web-1 is waiting").isTrue();

        vm.resume();
        assertThat(fake.calls).containsExactly("resume r1", "drive r1");
        assertThat(vm.canPauseProperty().get()).isTrue();
        assertThat(vm.canResumeProperty().get()).as("running, and its driver ended: Resume drives it here").isTrue();

        fake.status = RolloutStatus.DONE;
        vm.refresh();
        assertThat(vm.canPauseProperty().get()).isFalse();
        assertThat(vm.canResumeProperty().get()).isFalse();
        assertThat(vm.canAbortProperty().get()).isFalse();
        assertThat(vm.canSkipHostProperty().get()).isFalse();
        assertThat(vm.canLaunchProperty().get()).isTrue();
    }

    @Test
    void controlsAreOffWhileACallRuns() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        fake.status = RolloutStatus.PAUSED;
        QueuedRunner runner = new QueuedRunner();
        RolloutsViewModel vm = new RolloutsViewModel(fake, runner, problems, new Activity());
        vm.accountProperty().set("sandbox");
        while (runner.pending() > 0) {
            runner.finishOldest();
        }
        assertThat(vm.canAbortProperty().get()).isTrue();

        vm.abort();
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.canAbortProperty().get()).isFalse();
        assertThat(vm.canResumeProperty().get()).isFalse();
        runner.finishOldest();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(fake.calls).containsExactly("abort r1");
        assertThat(runner.pending()).as("the aborting rollout gets a driver, and the journal is read again")
                .isEqualTo(2);
    }

    @Test
    void aResumeWhileTheDriverIsStoppingDrivesAgainOnceItReturned() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        fake.status = RolloutStatus.PAUSED;
        QueuedRunner runner = new QueuedRunner();
        RolloutsViewModel vm = new RolloutsViewModel(fake, runner, problems, new Activity());
        vm.accountProperty().set("sandbox");
        while (runner.pending() > 0) {
            runner.finishOldest();
        }
        vm.resume();
        runner.finishOldest();
        assertThat(vm.driving("r1")).isTrue();

        vm.pause();
        runner.finishNewest();
        vm.resume();
        runner.finishNewest();
        runner.finishOldest();
        while (runner.pending() > 0) {
            runner.finishOldest();
        }

        assertThat(fake.calls).containsExactly("resume r1", "pause r1", "resume r1", "drive r1", "drive r1");
        assertThat(vm.driving("r1")).isFalse();
    }

    @Test
    void aRefusedControlShowsTheEnginesOperatorMessage() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        fake.status = RolloutStatus.PAUSED;
        RolloutsViewModel vm = viewModel(fake);
        vm.selectedBatchProperty().set(1);
        vm.selectedHostProperty().set("web-2");

        vm.skipHost();

        assertThat(problems.messageProperty().get())
                .isEqualTo("Skipping a host is not built yet; abort rollout r1 instead.");
        assertThat(problems.retryProperty().get()).as("an operator action is not retried by the banner").isNull();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.PAUSED);
    }

    @Test
    void theConfirmationNamesWhatWillHappen() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        fake.status = RolloutStatus.PAUSED;
        RolloutsViewModel vm = viewModel(fake);
        vm.selectedBatchProperty().set(1);
        vm.selectedHostProperty().set("web-2");

        assertThat(vm.confirmation(RolloutsViewModel.Action.ABORT)).startsWith("Abort rollout r1 of scenario night? "
                + "Every pending step is skipped, every reservation still held is released");
        assertThat(vm.confirmation(RolloutsViewModel.Action.ROLLBACK_BATCH))
                .startsWith("Roll back batch 1 of rollout r1 of scenario night?");
        assertThat(vm.confirmation(RolloutsViewModel.Action.SKIP_HOST))
                .startsWith("Skip host web-2 in rollout r1 of scenario night?");
    }

    @Test
    void onlyAlertsRaisedWhileTheConsoleWatchesAreNotified() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        RolloutAlert old = new RolloutAlert("r1", Instant.parse("2026-11-23T01:05:00Z"), RolloutAlert.Severity.INFO,
                "web", "Load 12 % under the forecast.");
        fake.alerts.add(old);
        RolloutsViewModel vm = viewModel(fake);
        assertThat(vm.alerts()).containsExactly(old);
        assertThat(vm.notifications()).isEmpty();

        RolloutAlert fresh = new RolloutAlert("r1", Instant.parse("2026-11-23T01:10:00Z"),
                RolloutAlert.Severity.WARNING, "web", "Load 30 % over the forecast's upper quantile.");
        fake.alerts.add(fresh);
        vm.poll();
        vm.poll();

        assertThat(vm.alerts()).containsExactly(old, fresh);
        assertThat(vm.notifications()).containsExactly(fresh);
    }

    @Test
    void loadChecksFeedTheChartPerServiceAndTheSummaryAfterTheEnd() {
        FakeRolloutQueries fake = new FakeRolloutQueries();
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        fake.checks.add(new LoadCheck("r1", 1, "web", t, 10, 14, 12, 20));
        fake.checks.add(new LoadCheck("r1", 1, "web", t.plusSeconds(300), 10, 14, 15, 18));
        fake.checks.add(new LoadCheck("r1", 1, "db", t, 4, 5, 4, 8));
        RolloutsViewModel vm = viewModel(fake);
        assertThat(vm.services()).containsExactly("db", "web");
        assertThat(vm.serviceProperty().get()).isEqualTo("db");
        vm.serviceProperty().set("web");
        assertThat(vm.chartChecksProperty().get()).extracting(LoadCheck::actualLoad).containsExactly(12.0, 15.0);
        assertThat(vm.loadTextProperty().get()).isEmpty();
        assertThat(vm.summary()).as("only after the end").isEmpty();

        fake.status = RolloutStatus.DONE;
        vm.refresh();

        assertThat(vm.summary()).hasSize(2);
        SummaryRow web = vm.summary().get(1);
        assertThat(web.service()).isEqualTo("web");
        assertThat(web.ticks()).isEqualTo(2);
        assertThat(web.meanActual()).isEqualTo(13.5);
        assertThat(web.peakActual()).isEqualTo(15);
        assertThat(web.minCapacity()).isEqualTo(18);
        assertThat(web.aboveUpper()).isEqualTo(1);
        assertThat(web.meanErrorShare()).isEqualTo(0.35);
        assertThat(vm.summaryTextProperty().get()).contains("from 3 load checks")
                .contains("to the forecast feedback store").contains("update history")
                .contains("This table only shows the load checks; it writes nothing.");
    }

    @Test
    void unfinishedRolloutsAreDrivenAtStartAndSaySo(@TempDir Path dir) {
        RolloutStore store = RolloutStore.create(dir, true);
        Rollout crashed = store.crashedAfter(3);
        assertThat(crashed.status()).isEqualTo(RolloutStatus.RUNNING);
        RolloutsViewModel vm = viewModel(store.queries());

        vm.resumeAfterStart();

        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.DONE);
        assertThat(vm.bannerProperty().get()).isEqualTo("Rollout " + crashed.id() + " (night, account sandbox) "
                + "was unfinished when Headroom last stopped and is driven again: resumed after restart.");
        assertThat(vm.statusTextProperty().get()).contains("done · resumed after restart");
        assertThat(store.rollouts.steps(crashed.id())).extracting(s -> s.state().label()).containsOnly("done");
        assertThat(store.rollouts.steps(crashed.id()).get(1).attempts()).as("the step started before the kill "
                + "was re-issued once").isEqualTo(2);
        vm.dismissBanner();
        assertThat(vm.bannerProperty().get()).isEmpty();
    }

    @Test
    void aRolloutWhoseOtherDriverStoppedIsTakenOverWhenItsLeaseLapses(@TempDir Path dir) throws Exception {
        RolloutStore store = RolloutStore.create(dir, true);
        Rollout r = store.launched();
        // another process took the lease and died without renewing it: it lapses in a second
        new dev.headroom.persistence.SqliteRolloutJournal((dev.headroom.persistence.SqliteStore) store.engine.store()).acquire(r.id(), "elsewhere:77:gone",
                java.time.Instant.now().plusSeconds(1), l -> false);
        RolloutsViewModel vm = viewModel(store.queries());
        vm.drive(r.id());
        assertThat(vm.leaseTextProperty().get()).startsWith("Driven by another process");
        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.RUNNING);

        Thread.sleep(1_200);
        vm.refresh();

        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.DONE);
        assertThat(vm.leaseTextProperty().get()).isEmpty();
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void aRolloutAnotherProcessDrivesIsWatchedNotDrivenAgain(@TempDir Path dir) throws Exception {
        RolloutStore store = RolloutStore.create(dir, true);
        Rollout r = store.launched();
        // a second driver with its own lease holder, as "headroom rollout run" in another process
        dev.headroom.rollout.RolloutService cli = store.engine.rollouts(dev.headroom.ui.app.ConsoleBackend.ROLLOUT_SPEED);
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> cli.drive(r.id(), line -> {
            holding.countDown();
            try {
                goOn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        assertThat(holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String holder = cli.driver(r.id()).orElseThrow().holder();
        try {
            RolloutsViewModel vm = viewModel(store.queries());
            assertThat(vm.leaseTextProperty().get()).startsWith("Driven by another process: rollout " + r.id()
                    + " is being driven by " + holder);
            assertThat(vm.statusTextProperty().get()).contains(" · driven by " + holder).contains(" · plan time ");
            assertThat(vm.canResumeProperty().get()).as("a second driver would be refused").isFalse();

            vm.drive(r.id());

            assertThat(problems.messageProperty().get()).as("a refused lease is not a fault").isEmpty();
            assertThat(vm.leaseTextProperty().get()).startsWith("Driven by another process: Rollout " + r.id()
                    + " is being driven by " + holder).contains("headroom rollout watch");
            assertThat(vm.driving(r.id())).isFalse();
            assertThat(vm.canPauseProperty().get()).as("pause reaches the other driver").isTrue();

            vm.pause();
        } finally {
            goOn.countDown();
            other.join(20_000);
        }
        RolloutsViewModel after = viewModel(store.queries());
        assertThat(after.selectedProperty().get().status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(after.leaseTextProperty().get()).as("the other driver stopped and gave its lease up").isEmpty();
        assertThat(after.canResumeProperty().get()).isTrue();
    }

    @Test
    void pausedRolloutsAreNotDrivenAtStartButWaitForTheOperator(@TempDir Path dir) {
        RolloutStore store = RolloutStore.create(dir, true);
        Rollout r = store.launched();
        store.rollouts.pause(r.id(), "operator-olu");
        RolloutsViewModel vm = viewModel(store.queries());

        vm.resumeAfterStart();

        assertThat(vm.bannerProperty().get()).isEmpty();
        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(vm.waitingTextProperty().get()).isEqualTo("Rollout " + r.id() + " (night, paused) waits for an "
                + "operator: select it, then Resume to go on or Abort to undo the current batch.");
        assertThat(vm.statusTextProperty().get()).contains("Waiting for you: Resume to go on");
        assertThat(vm.batches()).flatExtracting(BatchRow::hosts).extracting(HostRow::state)
                .containsOnly(HostState.WAITING);
    }
}
