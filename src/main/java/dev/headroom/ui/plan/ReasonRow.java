package dev.headroom.ui.plan;

/**
 * Why a host is where the plan put it.
 *
 * @param batch the batch's number; 0 when the host is not planned
 */
public record ReasonRow(String host, String service, String region, int batch, String reason) {
    public boolean planned() {
        return batch > 0;
    }

    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String all = (host + " " + service + " " + region + " " + reason).toLowerCase(java.util.Locale.ROOT);
        for (String word : query.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
            if (!all.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
