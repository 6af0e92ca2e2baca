package dev.headroom.ui.fleet;

import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** A utilisation cell: a small bar and the percentage, coloured when headroom runs short. */
final class LoadCell extends TableCell<HostRow, Number> {
    private static final double TRACK_WIDTH = 56;

    private final Region bar = new Region();
    private final Label text = new Label();
    private final HBox graphic;

    LoadCell() {
        Region track = new Region();
        track.getStyleClass().add(Styles.LOAD_TRACK);
        track.setPrefWidth(TRACK_WIDTH);
        bar.getStyleClass().add(Styles.LOAD_BAR);
        bar.setMaxWidth(Region.USE_PREF_SIZE);
        StackPane gauge = new StackPane(track, bar);
        gauge.setAlignment(Pos.CENTER_LEFT);
        gauge.setMaxHeight(8);
        gauge.setPrefHeight(8);
        text.getStyleClass().add(Styles.NUMERIC);
        graphic = new HBox(8, gauge, text);
        graphic.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add(Styles.LOAD_CELL);
    }

    @Override
    protected void updateItem(Number value, boolean empty) {
        super.updateItem(value, empty);
        getStyleClass().removeAll(Styles.LOAD_HIGH, Styles.LOAD_CRITICAL);
        setText(null);
        if (empty || value == null) {
            setGraphic(null);
            return;
        }
        double percent = value.doubleValue();
        text.setText(Formats.percent(percent));
        bar.setPrefWidth(Double.isNaN(percent) ? 0 : TRACK_WIDTH * Math.max(0, Math.min(100, percent)) / 100);
        String emphasis = Styles.loadClass(percent);
        if (emphasis != null) {
            getStyleClass().add(emphasis);
        }
        setGraphic(graphic);
    }
}
