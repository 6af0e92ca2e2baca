package dev.headroom.ui.rollouts;

/**
 * One surge reservation of an approved plan, as its scenario stores it.
 *
 * @param batch   the plan batch it serves
 * @param index   its place among the batch's reservations, from 1 (the rollout's step subject {@code r<index>:…})
 * @param costUsd what the plan priced it at for its whole timeframe
 */
public record PlannedReservation(int batch, int index, String service, String region, String instanceType, int count,
                                 boolean spot, double costUsd) {
}
