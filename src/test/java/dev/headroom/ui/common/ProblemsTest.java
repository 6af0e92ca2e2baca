package dev.headroom.ui.common;

import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void headroomExceptionShowsItsOperatorTextEvenWhenWrapped() {
        HeadroomException cause = new HeadroomException("Account \"prod\" is of kind kubernetes, which this "
                + "version of Headroom cannot connect to yet.", "kind=KUBERNETES", null);

        assertThat(Problems.operatorMessage(new ExecutionException(cause))).isEqualTo(cause.operatorMessage());
    }

    @Test
    void unexpectedFailureNamesNoStackTraceButTellsWhatToDo() {
        String text = Problems.operatorMessage(new SQLException("[SQLITE_CORRUPT] database disk image is malformed"));

        assertThat(text).contains("SQLException").contains("try again").doesNotContain("SQLITE_CORRUPT")
                .doesNotContain("\tat ");
    }

    @Test
    void domainRuleBreakNamesTheFieldAndTheWayOut() {
        String text = Problems.operatorMessage(new DomainException("cpu_cores", "-1.0 must be a finite number > 0"));

        assertThat(text).contains("cpu_cores: -1.0 must be a finite number > 0").contains("Re-import");
    }

    @Test
    void dismissingClearsMessageAndRetry() {
        Problems problems = new Problems();
        problems.report(new HeadroomException("Disk full."), () -> { });

        problems.clear();

        assertThat(problems.messageProperty().get()).isEmpty();
        assertThat(problems.retryProperty().get()).isNull();
    }
}
