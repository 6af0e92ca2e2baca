package dev.headroom.ui.shell;

import javafx.scene.Node;
import javafx.scene.layout.VBox;

/** A section that a later version fills: it says what will be here instead of showing sample data. */
public final class PlaceholderView implements SectionView {
    private final VBox root;

    public PlaceholderView(Section section) {
        this.root = SectionPage.of(section);
    }

    @Override
    public Node root() {
        return root;
    }
}
