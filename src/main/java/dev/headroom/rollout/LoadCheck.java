package dev.headroom.rollout;

import java.time.Instant;

/**
 * One monitoring tick for one service: the forecast for that plan time against what the provider
 * observed. Kept per rollout for the Rollouts view and, after the end, the forecast feedback store.
 *
 * @param planTime        the fleet's time of the tick
 * @param predictedMedian forecast median load (cores)
 * @param predictedUpper  forecast upper quantile the plan covered (cores)
 * @param actualLoad      observed load (cores)
 * @param capacityCores   observed capacity in service plus surge (cores)
 */
public record LoadCheck(String rolloutId, int batch, String service, Instant planTime, double predictedMedian,
                        double predictedUpper, double actualLoad, double capacityCores) {
}
