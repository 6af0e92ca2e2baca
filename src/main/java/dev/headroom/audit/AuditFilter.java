package dev.headroom.audit;

import java.util.Optional;

/**
 * Which records to list or export; an empty field matches every record.
 *
 * @param kind a {@link AuditKind#label()}
 */
public record AuditFilter(Optional<String> account, Optional<String> kind) {
    public static final AuditFilter ALL = new AuditFilter(Optional.empty(), Optional.empty());

    public AuditFilter {
        account = account == null ? Optional.empty() : account;
        kind = kind == null ? Optional.empty() : kind;
    }

    public boolean matches(AuditRecord r) {
        return account.map(a -> a.equals(r.account())).orElse(true) && kind.map(k -> k.equals(r.kind())).orElse(true);
    }
}
