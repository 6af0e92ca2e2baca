package dev.headroom.rollout;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who drives a rollout until when ({@code rollout_lease}). The holder names its machine and
 * process ({@code host:pid:token}), so that a lease left by a process of this machine that is
 * gone is recognised at once instead of after it expires.
 */
public record Lease(String rolloutId, String holder, Instant expiresAt) {

    /** A new holder name for a driver of this process. */
    public static String holderOfThisProcess() {
        return machine() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whether the lease no longer protects anything: expired, or its holder's process of this machine is gone. */
    public boolean stale(Instant now) {
        if (!now.isBefore(expiresAt)) {
            return true;
        }
        String[] p = holder.split(":");
        if (p.length >= 3 && p[0].equals(machine())) {
            try {
                long pid = Long.parseLong(p[1]);
                return pid != ProcessHandle.current().pid()
                        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static String machine() {
        return Machine.NAME;
    }

    /** Looked up once: a name lookup can be slow where DNS is misconfigured. */
    private static final class Machine {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return Optional.ofNullable(InetAddress.getLocalHost().getHostName()).orElse("localhost")
                        .replace(":", "-");
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }
}
