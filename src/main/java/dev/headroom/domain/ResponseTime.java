package dev.headroom.domain;

/**
 * A response-time objective of a service: the mean time a request may take, queueing included,
 * and the mean time one request keeps one core busy. The planner turns the pair into a
 * utilisation limit with a queueing model.
 *
 * @param targetMs      the mean response time to keep, in milliseconds ({@code response_time_ms})
 * @param serviceTimeMs the mean time one request needs on one core with no queue, in milliseconds
 *                      ({@code service_time_ms}); no load can make a request faster than this
 */
public record ResponseTime(double targetMs, double serviceTimeMs) {
    public ResponseTime {
        Check.positive("response_time_ms", targetMs);
        Check.positive("service_time_ms", serviceTimeMs);
        if (!(targetMs > serviceTimeMs)) {
            throw new DomainException("response_time_ms", num(targetMs) + " ms must be more than service_time_ms "
                    + num(serviceTimeMs) + " ms: a request takes at least its service time, and waiting adds to it");
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
