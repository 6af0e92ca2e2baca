package dev.headroom.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rollout was launched with, stored with it so that every driver (after a restart, in
 * another process) runs it the same way.
 *
 * @param speed     plan-time seconds per second of the rollout's clock (3600 in the sandbox demo)
 * @param planStart the plan window's start: plan time at launch
 * @param shadow    services whose hosts run in shadow mode after their update, with the period
 * @param batchEnds each plan batch's planned end in plan time
 * @param request   an operator's request the driver carries out between two steps ("rollback-batch:2"), or ""
 */
public record RolloutSettings(double speed, Instant planStart, Map<String, Duration> shadow,
                              Map<Integer, Instant> batchEnds, String request) {
    public RolloutSettings {
        if (!Double.isFinite(speed) || speed <= 0) {
            throw new IllegalArgumentException("speed must be a positive number, not " + speed);
        }
        shadow = Map.copyOf(shadow);
        batchEnds = Map.copyOf(batchEnds);
        request = request == null ? "" : request;
    }

    /** Settings of a rollout stored before schema 8: real time, plan time = its clock. */
    public static RolloutSettings legacy(Instant created) {
        return new RolloutSettings(1, created, Map.of(), Map.of(), "");
    }

    public RolloutSettings withRequest(String r) {
        return new RolloutSettings(speed, planStart, shadow, batchEnds, r);
    }

    /** {@code web=30,db=10}: minutes per service, sorted by service. */
    public String shadowText() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(shadow).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=')
                .append(v.toMinutes()));
        return b.toString();
    }

    public String batchEndsText() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(batchEnds).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=')
                .append(v));
        return b.toString();
    }

    /**
     * Parses {@code SERVICE=MINUTES[,SERVICE=MINUTES...]} (the CLI's {@code --shadow}).
     *
     * @throws dev.headroom.domain.HeadroomException naming the part that is wrong
     */
    public static Map<String, Duration> parseShadow(String text) {
        Map<String, Duration> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", -1);
            long minutes;
            try {
                minutes = kv.length == 2 ? Long.parseLong(kv[1].strip()) : -1;
            } catch (NumberFormatException e) {
                minutes = -1;
            }
            if (kv.length != 2 || kv[0].isBlank() || minutes <= 0 || minutes > 7 * 24 * 60) {
                throw new dev.headroom.domain.HeadroomException("Shadow setting \"" + part.strip() + "\" is not "
                        + "SERVICE=MINUTES with 1 to 10080 minutes, e.g. --shadow web=30,api=15; nothing was launched.");
            }
            out.put(kv[0].strip(), Duration.ofMinutes(minutes));
        }
        return out;
    }

    static Map<Integer, Instant> parseBatchEnds(String text) {
        Map<Integer, Instant> out = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                String[] kv = part.split("=", 2);
                out.put(Integer.parseInt(kv[0]), Instant.parse(kv[1]));
            }
        }
        return out;
    }

    /** Reads the stored columns back. */
    public static RolloutSettings read(double speed, Instant planStart, String shadow, String batchEnds,
                                       String request) {
        return new RolloutSettings(speed, planStart, parseShadow(shadow), parseBatchEnds(batchEnds), request);
    }
}
