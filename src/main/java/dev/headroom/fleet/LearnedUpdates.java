package dev.headroom.fleet;

import dev.headroom.domain.UpdateRecord;

import java.util.Map;

/**
 * Where updates that a rollout actually ran are appended to an account's update history, so that
 * the next plan's update impact model learns from them (see docs/rollouts.md, "Learning from a
 * rollout"). Separate from {@link FleetStore} so that stores which never run rollouts need not
 * implement it.
 *
 * <p>A store that implements both keeps these records apart from the imported history:
 * {@link FleetStore#replace} (a re-import, a new sandbox) does not remove them, {@link FleetStore#load}
 * returns them after the imported history (leaving out any whose host or service the account no
 * longer has), a replace whose snapshot already holds one of them (an export re-imported) does not
 * store it twice, and {@link FleetStore#delete} removes them.
 */
public interface LearnedUpdates {
    /**
     * Appends updates to the account's update history in one transaction. Each has a key (the
     * rollout step's idempotency key); a key already stored is left as it is, so appending the
     * same updates again adds nothing.
     *
     * @throws dev.headroom.domain.HeadroomException when the store cannot be written
     */
    void appendUpdates(String account, Map<String, UpdateRecord> byKey);
}
