package dev.headroom.ui.plan;

/**
 * One service over the window as the headroom chart draws it, in cores per planning step. Each
 * array has one value per step plus a last one at the window's end that repeats the final step,
 * so that step lines reach the end.
 *
 * @param x            step starts, epoch milliseconds
 * @param median       load at the median forecast
 * @param quantile     load at the policy's forecast quantile: what the capacity rule covers
 * @param inService    cores of the service's hosts that are not out for an update
 * @param withSurge    in service plus reserved surge
 * @param usable       what the service may use: {@code withSurge} times its utilisation limit
 * @param outSpans     [from, to) in epoch milliseconds where some of its hosts are out
 * @param minHeadroom  smallest spare fraction of {@code withSurge} against {@code quantile}
 */
public record HeadroomData(String service, double quantileLevel, double limit, double[] x, double[] median,
                           double[] quantile, double[] inService, double[] withSurge, double[] usable,
                           double[][] outSpans, double minHeadroom) {
}
