package dev.headroom.domain;

/** An application made of replicas placed on hosts. */
public record Service(String name, Criticality criticality, Slo slo) {
    public Service {
        Check.id("service", name);
        Check.notNull("criticality", criticality);
        slo = slo == null ? Slo.DEFAULT : slo;
    }
}
