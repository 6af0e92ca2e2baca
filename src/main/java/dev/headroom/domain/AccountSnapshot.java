package dev.headroom.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Headroom knows about one account at one time: the unit that imports produce, the
 * store saves atomically and exports write. Construction checks that every reference resolves.
 */
public record AccountSnapshot(Account account, List<InstanceType> instanceTypes, List<Host> hosts,
                              List<Service> services, List<Dependency> dependencies, List<MetricSeries> metrics,
                              List<Release> releases, List<UpdateRecord> updateHistory,
                              List<ScheduledEvent> events, Optional<Policy> policy) {
    public AccountSnapshot {
        Check.notNull("account", account);
        instanceTypes = List.copyOf(instanceTypes);
        hosts = List.copyOf(hosts);
        services = List.copyOf(services);
        dependencies = List.copyOf(dependencies);
        metrics = List.copyOf(metrics);
        releases = List.copyOf(releases);
        updateHistory = List.copyOf(updateHistory);
        events = List.copyOf(events);
        policy = policy == null ? Optional.empty() : policy;

        Set<String> serviceNames = new HashSet<>();
        for (Service s : services) {
            if (!serviceNames.add(s.name())) {
                throw new DomainException("service", "service " + s.name() + " is defined twice");
            }
        }
        Set<String> hostIds = new HashSet<>();
        Set<String> regions = new HashSet<>();
        for (Host h : hosts) {
            if (!hostIds.add(h.id())) {
                throw new DomainException("host_id", "host " + h.id() + " is defined twice");
            }
            regions.add(h.region());
            for (String s : h.services()) {
                if (!serviceNames.contains(s)) {
                    throw new DomainException("service", "host " + h.id() + " runs unknown service " + s);
                }
            }
        }
        for (Dependency d : dependencies) {
            if (!serviceNames.contains(d.from())) {
                throw new DomainException("from", "dependency names unknown service " + d.from());
            }
            if (!serviceNames.contains(d.to())) {
                throw new DomainException("to", "dependency names unknown service " + d.to());
            }
        }
        Set<SeriesId> seriesIds = new HashSet<>();
        for (MetricSeries m : metrics) {
            if (!hostIds.contains(m.id().hostId())) {
                throw new DomainException("series_id", "series " + m.id() + " is for unknown host " + m.id().hostId());
            }
            if (!seriesIds.add(m.id())) {
                throw new DomainException("series_id", "series " + m.id() + " appears twice");
            }
        }
        for (Release r : releases) {
            if (!serviceNames.contains(r.service())) {
                throw new DomainException("service", "release " + r.version() + " is for unknown service " + r.service());
            }
        }
        for (UpdateRecord u : updateHistory) {
            if (!hostIds.contains(u.hostId())) {
                throw new DomainException("host_id", "update history names unknown host " + u.hostId());
            }
            if (!serviceNames.contains(u.service())) {
                throw new DomainException("service", "update history names unknown service " + u.service());
            }
        }
        for (ScheduledEvent e : events) {
            if (!ScheduledEvent.ALL.equals(e.scope()) && !serviceNames.contains(e.scope())
                    && !regions.contains(e.scope())) {
                throw new DomainException("scope", "event " + e.name() + " has scope " + e.scope()
                        + ", which is neither a service, a region nor *");
            }
        }
    }

    /** The same data under another account (used when importing into a new account name). */
    public AccountSnapshot withAccount(Account other) {
        return new AccountSnapshot(other, instanceTypes, hosts, services, dependencies, metrics, releases,
                updateHistory, events, policy);
    }
}
