package dev.headroom.ui.forecast;

/** What a forecast chart is about: one host, the hosts of a service, or every host of the account. */
public enum SubjectKind {
    HOST("Host"), SERVICE("Service"), FLEET("Fleet");

    private final String label;

    SubjectKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
