package dev.headroom.domain;

import java.util.List;

/**
 * A target version for a service. {@code requires} lists constraints on other services that must
 * hold before this release may go out, e.g. {@code redis-cart>=7.2}.
 */
public record Release(String service, String version, List<String> requires, boolean breaking) {
    public Release {
        Check.id("service", service);
        Check.notBlank("version", version);
        requires = List.copyOf(requires == null ? List.of() : requires);
        for (String r : requires) {
            Check.notBlank("requires", r);
        }
    }
}
