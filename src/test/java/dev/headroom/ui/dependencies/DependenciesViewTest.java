package dev.headroom.ui.dependencies;

import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.LargeFleet;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import dev.headroom.ui.common.SharedForecasts;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.common.Theme;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dependencies page on a 64-service platform, in the space the console gives it. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DependenciesViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    /** The console's content area beside the navigation at its default window size. */
    static final double WIDTH = 1210;
    static final double HEIGHT = 800;

    private final InMemoryFleetStore store = LargeFleet.store();
    private DependenciesViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new DependenciesViewModel(LargeFleet.graphService(store),
                LoadQueries.of(new SharedForecasts(DemoFleet.forecastService(store)::forecast), store),
                new SameThreadRunner(), new Problems(), new Activity());
        DependenciesView view = new DependenciesView(viewModel);
        Scene scene = new Scene((Parent) view.root(), WIDTH, HEIGHT);
        scene.getStylesheets().setAll(Theme.LIGHT.stylesheets());
        stage.setScene(scene);
        stage.show();
        viewModel.accountProperty().set(LargeFleet.ACCOUNT);
    }

    @Test
    void sixtyFourServicesAreShownWholeAtAReadableZoomWithEveryNameInFull(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("." + Styles.DEP_NODE).queryAll().size() == 64);
        WaitForAsyncUtils.waitForFxEvents();

        Node canvas = robot.lookup("#" + Styles.ID_DEPENDENCY_GRAPH).query();
        assertThat(canvas.getScaleX()).as("zoom").isGreaterThanOrEqualTo(DependenciesView.READABLE_ZOOM);
        ScrollPane scroll = (ScrollPane) robot.lookup("." + Styles.DEP_SCROLL).query();
        Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
        List<Label> nodes = robot.lookup("." + Styles.DEP_NODE).queryAllAs(Label.class).stream().toList();
        for (Label node : nodes) {
            Text text = (Text) node.lookup(".text");
            assertThat(text.getText()).as("the name is not cut").isEqualTo(node.getText());
            Bounds box = node.localToScene(node.getLayoutBounds());
            assertThat(viewport.contains(box)).as(node.getText() + " is in view").isTrue();
        }
        for (int i = 0; i < nodes.size(); i++) {
            Bounds a = nodes.get(i).localToScene(nodes.get(i).getLayoutBounds());
            for (int j = i + 1; j < nodes.size(); j++) {
                assertThat(a.intersects(nodes.get(j).localToScene(nodes.get(j).getLayoutBounds())))
                        .as(nodes.get(i).getText() + " and " + nodes.get(j).getText()).isFalse();
            }
        }
    }
}
