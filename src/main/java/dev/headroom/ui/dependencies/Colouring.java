package dev.headroom.ui.dependencies;

/** What the fill of a service's box on the Dependencies page shows. */
public enum Colouring {
    /** The service's own criticality, as stored in the graph. */
    CRITICALITY("Criticality", "Colour services by their criticality"),
    /** The service's predicted peak cpu load over the maintenance window. */
    LOAD("Load", "Colour services by their predicted peak cpu load over the maintenance window");

    private final String title;
    private final String description;

    Colouring(String title, String description) {
        this.title = title;
        this.description = description;
    }

    /** The text of its button. */
    public String title() {
        return title;
    }

    /** The tooltip of its button. */
    public String description() {
        return description;
    }
}
