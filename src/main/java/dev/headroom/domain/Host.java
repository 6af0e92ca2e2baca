package dev.headroom.domain;

import java.util.List;

/**
 * A server, VM, node or device that gets updated. {@code services} are the services with a
 * replica on this host (most hosts run one); they share its capacity.
 */
public record Host(String id, List<String> services, String region, String zone, String instanceType,
                   Capacity capacity, double hourlyCostUsd, String version, Criticality criticality,
                   String role) {
    public Host {
        Check.id("host_id", id);
        services = List.copyOf(Check.notNull("service", services));
        if (services.isEmpty()) {
            throw new DomainException("service", "host " + id + " runs no service");
        }
        for (String s : services) {
            Check.id("service", s);
        }
        if (services.stream().distinct().count() != services.size()) {
            throw new DomainException("service", "host " + id + " lists a service twice");
        }
        Check.id("region", region);
        Check.id("zone", zone);
        Check.id("instance_type", instanceType);
        Check.notNull("capacity", capacity);
        Check.finiteNonNegative("hourly_cost_usd", hourlyCostUsd);
        Check.notBlank("version", version);
        Check.notNull("criticality", criticality);
        role = role == null || role.isBlank() ? "" : role.trim();
    }

    /** The first service: the one shown where a single service is expected. */
    public String primaryService() {
        return services.get(0);
    }
}
