package dev.headroom.providers;

import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Service;

import java.util.List;

/**
 * What a provider says an account has now, without metrics: a sync stores it with the metric
 * history as the account's snapshot. {@code notes} are operator-worded remarks on what was left out
 * or assumed (a node without a zone label, a series with no host mapping).
 */
public record Inventory(List<InstanceType> instanceTypes, List<Host> hosts, List<Service> services,
                        List<Dependency> dependencies, List<String> notes) {
    public Inventory {
        instanceTypes = List.copyOf(instanceTypes);
        hosts = List.copyOf(hosts);
        services = List.copyOf(services);
        dependencies = List.copyOf(dependencies);
        notes = List.copyOf(notes);
    }
}
