package dev.headroom.ui.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityTest {
    private final Activity activity = new Activity();

    @Test
    void anOutcomeToldDuringWorkItStartedShowsWhenThatWorkIsDone() {
        Runnable change = activity.begin("Importing campaigns.ics…");
        Runnable forecast = activity.begin("Forecasting…");
        activity.tell("2 events imported from campaigns.ics");
        change.run();

        assertThat(activity.messageProperty().get()).isEqualTo("Forecasting…");

        forecast.run();

        assertThat(activity.messageProperty().get()).isEqualTo("2 events imported from campaigns.ics");
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void anOutcomeOnScreenGivesWayToTheNextWorkForGood() {
        activity.tell("Event Sale added");
        assertThat(activity.messageProperty().get()).isEqualTo("Event Sale added");

        Runnable chart = activity.begin("Reading the history…");
        assertThat(activity.messageProperty().get()).isEqualTo("Reading the history…");
        chart.run();

        assertThat(activity.messageProperty().get()).isEqualTo(Activity.IDLE);
    }
}
