package dev.headroom.rollout;

import java.time.Instant;

/**
 * One live look at a service during a rollout, in CPU cores.
 *
 * @param loadCores     load the service carries now
 * @param inServiceCores capacity of its hosts that are in service now
 * @param surgeCores    capacity of surge instances serving it now
 * @param errorRate     fraction of requests failing (0 to 1)
 */
public record ServiceObservation(String service, Instant at, double loadCores, double inServiceCores,
                                 double surgeCores, double errorRate) {
    /** Spare capacity as a fraction of what serves it: (in service + surge − load) / (in service + surge). */
    public double headroomFraction() {
        double capacity = inServiceCores + surgeCores;
        return capacity <= 0 ? (loadCores > 0 ? -1 : 0) : (capacity - loadCores) / capacity;
    }
}
