package dev.headroom.ui.shell;

import dev.headroom.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The common layout of a section page: title, a "coming" badge when not built yet, and text. */
public final class SectionPage {
    public static final String COMING_LATER_TEXT = "Coming in a later version";

    private SectionPage() {
    }

    /** A page with the section's title and description, followed by {@code content}. */
    public static VBox of(Section section, Node... content) {
        Label title = new Label(section.title());
        title.setId(Styles.ID_PAGE_TITLE);
        title.getStyleClass().add(Styles.PAGE_TITLE);
        HBox heading = new HBox(title);
        heading.getStyleClass().add(Styles.PAGE_HEADING);
        if (!section.built()) {
            Label badge = new Label(COMING_LATER_TEXT);
            badge.getStyleClass().add(Styles.COMING_LATER);
            heading.getChildren().add(badge);
        }
        VBox page = new VBox(heading);
        page.getStyleClass().add(Styles.PAGE);
        for (String paragraph : section.paragraphs()) {
            Label text = new Label(paragraph);
            text.setWrapText(true);
            text.getStyleClass().add(Styles.PAGE_TEXT);
            page.getChildren().add(text);
        }
        page.getChildren().addAll(content);
        return page;
    }
}
