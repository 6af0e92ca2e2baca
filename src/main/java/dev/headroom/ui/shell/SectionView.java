package dev.headroom.ui.shell;

import javafx.scene.Node;

import java.util.Optional;

/** What the main window needs from the view of one section. */
public interface SectionView {

    Node root();

    /** The field Ctrl+F focuses in this section, if it has one. */
    default Optional<Node> searchField() {
        return Optional.empty();
    }
}
