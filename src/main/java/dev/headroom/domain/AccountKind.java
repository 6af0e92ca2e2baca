package dev.headroom.domain;

import java.util.Locale;

/** Where an account's inventory and metrics come from. */
public enum AccountKind {
    /** The embedded simulated cloud with a generated demo fleet. */
    SANDBOX,
    /** A scenario directory imported from files. */
    FILES,
    /** A Kubernetes cluster reached through a kubeconfig context. */
    KUBERNETES,
    /** A Prometheus-compatible metrics source. */
    PROMETHEUS,
    /** Devices running the Headroom agent. */
    AGENTS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountKind parse(String field, String text) {
        for (AccountKind k : values()) {
            if (k.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new DomainException(field, "\"" + text + "\" is not an account kind");
    }
}
