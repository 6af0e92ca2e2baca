package dev.headroom.ui.rollouts;

/**
 * Predicted against actual load of one service during one batch, from the rollout's load checks.
 *
 * @param ticks          monitoring ticks
 * @param meanMedian     mean forecast median (cores)
 * @param maxUpper       highest forecast upper quantile (cores)
 * @param meanActual     mean observed load (cores)
 * @param peakActual     highest observed load (cores)
 * @param minCapacity    lowest capacity in service plus surge (cores)
 * @param aboveUpper     ticks at which the observed load exceeded the forecast's upper quantile
 * @param meanErrorShare mean of |actual − median| / median; NaN when every median was zero
 */
public record SummaryRow(int batch, String service, int ticks, double meanMedian, double maxUpper, double meanActual,
                         double peakActual, double minCapacity, int aboveUpper, double meanErrorShare) {
}
