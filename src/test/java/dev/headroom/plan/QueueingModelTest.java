package dev.headroom.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QueueingModelTest {

    @Test
    void erlangCMatchesTheFactorialFormula() {
        // C(c, A) = (A^c/c!)·c/(c−A) / (Σ_{k<c} A^k/k! + (A^c/c!)·c/(c−A))
        assertThat(QueueingModel.erlangC(1, 0.5)).isCloseTo(0.5, within(1e-12)); // M/M/1: P(wait) = ρ
        assertThat(QueueingModel.erlangC(2, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(QueueingModel.erlangC(4, 3)).isCloseTo(27.0 / 53, within(1e-12)); // 0.50943…
        assertThat(QueueingModel.erlangC(10, 8)).isCloseTo(0.4091801507964435, within(1e-12));
        assertThat(QueueingModel.erlangC(3, 0)).isZero();
    }

    @Test
    void erlangCStaysFiniteForManyCores() {
        // factorials of 500 overflow a double; the recursion does not
        double c = QueueingModel.erlangC(500, 480);
        assertThat(c).isBetween(0.0, 1.0);
        assertThat(QueueingModel.erlangC(500, 499.9)).isBetween(c, 1.0);
    }

    @Test
    void oneCoreHasTheClosedFormLimit() {
        // M/M/1: R = S/(1 − ρ), so R ≤ T exactly when ρ ≤ 1 − S/T
        assertThat(QueueingModel.meanResponseTime(1, 0.5, 20)).isCloseTo(40, within(1e-9));
        for (double[] ts : new double[][] {{50, 20}, {120, 40}, {41, 40}, {1000, 1}}) {
            double exact = 1 - ts[1] / ts[0];
            double limit = QueueingModel.utilisationLimit(1, ts[0], ts[1]);
            assertThat(limit).isLessThanOrEqualTo(exact).isCloseTo(exact, within(QueueingModel.PRECISION));
        }
    }

    @Test
    void twoCoresMatchTheHandComputedErlangC() {
        // c = 2, ρ = 0.5: A = 1, C = 1/3, R = 20 + (1/3)·20 / (2·0.5) = 26.67 ms
        assertThat(QueueingModel.meanResponseTime(2, 0.5, 20)).isCloseTo(80.0 / 3, within(1e-9));
        // c = 2 in general: C = 2ρ²/(1 + ρ), so R = S/(1 − ρ²) and the limit is √(1 − S/T)
        double limit = QueueingModel.utilisationLimit(2, 50, 20);
        assertThat(limit).isLessThanOrEqualTo(Math.sqrt(0.6)).isCloseTo(Math.sqrt(0.6), within(QueueingModel.PRECISION));
        assertThat(QueueingModel.meanResponseTime(2, limit, 20)).isLessThanOrEqualTo(50);
    }

    @Test
    void theWorkedExampleOfThePlanningPage() {
        // docs/planning.md: the sandbox frontend, 55 ms target, 40 ms per request, 4 cores
        assertThat(QueueingModel.erlangC(4, 2.8)).isCloseTo(0.4287, within(1e-4));
        assertThat(QueueingModel.meanResponseTime(4, 0.7, 40)).isCloseTo(54.29, within(0.01));
        assertThat(QueueingModel.meanResponseTime(4, 0.75, 40)).isCloseTo(60.38, within(0.01));
        assertThat(QueueingModel.utilisationLimit(4, 55, 40)).isCloseTo(0.707, within(5e-4));
        assertThat(QueueingModel.utilisationLimit(1, 55, 40)).isCloseTo(0.273, within(5e-4));
        assertThat(QueueingModel.utilisationLimit(16, 55, 40)).isCloseTo(0.901, within(5e-4));
    }

    @Test
    void moreCoresOrALooserTargetAllowMoreUtilisation() {
        double previous = 0;
        for (int c : new int[] {1, 2, 4, 8, 16, 64, 256}) {
            double limit = QueueingModel.utilisationLimit(c, 50, 20);
            assertThat(limit).as("%d cores", c).isGreaterThan(previous).isLessThan(1);
            previous = limit;
        }
        previous = 0;
        for (double target : new double[] {21, 25, 30, 50, 100, 1000}) {
            double limit = QueueingModel.utilisationLimit(4, target, 20);
            assertThat(limit).as("%s ms", target).isGreaterThan(previous).isLessThan(1);
            previous = limit;
        }
    }

    @Test
    void aTargetNotAboveTheServiceTimeAllowsNothing() {
        assertThat(QueueingModel.utilisationLimit(4, 20, 20)).isZero();
        assertThat(QueueingModel.utilisationLimit(4, 10, 20)).isZero();
        // a hair above still gives a usable, if tiny, limit
        assertThat(QueueingModel.utilisationLimit(1, 20.000001, 20)).isPositive();
    }

    @Test
    void responseTimeIsInfiniteAtFullUtilisation() {
        assertThat(QueueingModel.meanResponseTime(4, 1, 20)).isInfinite();
        assertThat(QueueingModel.meanResponseTime(4, 0, 20)).isEqualTo(20);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> QueueingModel.erlangC(0, 0)).hasMessageContaining("cores 0");
        assertThatThrownBy(() -> QueueingModel.erlangC(2, 2)).hasMessageContaining("offered load 2.0");
        assertThatThrownBy(() -> QueueingModel.meanResponseTime(2, Double.NaN, 20)).hasMessageContaining("utilisation");
        assertThatThrownBy(() -> QueueingModel.utilisationLimit(2, 50, 0)).hasMessageContaining("service time");
        assertThatThrownBy(() -> QueueingModel.utilisationLimit(2, Double.NaN, 20)).hasMessageContaining("target");
    }
}
