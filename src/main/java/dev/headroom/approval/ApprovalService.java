package dev.headroom.approval;

import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approval of plans: an operator approves a scenario's plan as a whole, and the approval holds
 * only while the scenario's plan and policy have the approved {@link PlanContent content hash}.
 * Planning again to other batches, changing the policy, renaming or deleting the scenario, or
 * revoking voids it. {@link #requireApproved} is the gate the rollout engine passes before it
 * launches anything.
 *
 * <p>Every approval and revocation is stored with its audit record in one transaction. Every
 * method throws {@link HeadroomException} with an operator message when something is refused or
 * the store cannot be used.
 */
public final class ApprovalService {
    private final ScenarioRepository scenarios;
    private final ApprovalRepository approvals;
    private final Clock clock;

    public ApprovalService(ScenarioRepository scenarios, ApprovalRepository approvals, Clock clock) {
        this.scenarios = scenarios;
        this.approvals = approvals;
        this.clock = clock;
    }

    /**
     * Approves scenario {@code scenario}'s current plan and policy.
     *
     * @param acceptUnplanned approve even though the plan leaves hosts unplanned (they are then not updated)
     * @throws HeadroomException when the scenario does not exist or has no plan, its plan has
     *                           predicted violations, or it leaves hosts unplanned and that was not accepted
     */
    public Approval approve(String account, String scenario, String approver, String note, boolean acceptUnplanned) {
        if (approver == null || approver.isBlank()) {
            throw new HeadroomException("Nobody is named as the approver of scenario \"" + scenario + "\"; nothing "
                    + "was approved. Give your name with --approver NAME.");
        }
        SavedScenario s = scenarios.find(account, scenario).orElseThrow(() -> new HeadroomException("There is no "
                + "scenario \"" + scenario + "\" for account " + account + "; nothing was approved. Run \"headroom "
                + "scenarios list --account " + account + "\" to see them."));
        if (s.planJson().isEmpty()) {
            throw new HeadroomException("Scenario \"" + scenario + "\" has no plan to approve. Plan it with \"headroom "
                    + "scenarios plan " + scenario + " --account " + account + "\", review it, then approve it.");
        }
        PlanContent content = PlanContent.of(s);
        if (content.predictedViolations() > 0) {
            throw new HeadroomException("Scenario \"" + scenario + "\" was not approved: its plan breaks the capacity "
                    + "rule on the forecast (" + content.predictedViolations() + " predicted violations). Change the "
                    + "policy (a wider window, surge allowed, smaller batches) and plan it again.");
        }
        if (!content.unplanned().isEmpty() && !acceptUnplanned) {
            throw new HeadroomException("Scenario \"" + scenario + "\" was not approved: its plan leaves "
                    + content.unplanned().size() + " hosts unplanned (" + sample(content.unplanned()) + "), which "
                    + "would not be updated. Plan it again with a wider window, or approve it with --accept-unplanned "
                    + "to update only the planned hosts.");
        }
        String text = note == null ? "" : note.strip();
        Approval draft = new Approval(0, account, scenario, content.hash(), approver.strip(), text, now(),
                Optional.empty());
        return approvals.add(draft, a -> new AuditEntry(a.approvedAt(), account, a.approver(), AuditKind.APPROVAL,
                scenario, "approval " + a.id() + " of content " + content.hash() + ": " + content.describe()
                + (content.unplanned().isEmpty() ? "" : " (unplanned accepted)") + (text.isEmpty() ? "" : "; note: "
                + text)));
    }

    /** True when a standing approval of the account covers exactly this plan's content. */
    public boolean isApproved(String account, Plan plan) {
        return validFor(approvals(account), PlanContent.of(plan).hash()).isPresent();
    }

    /**
     * The standing approval that covers this plan's content.
     *
     * @throws HeadroomException saying why the plan is not approved (never approved, changed since,
     *                           revoked, scenario gone) and how to approve it
     */
    public Approval requireApproved(String account, Plan plan) {
        String hash = PlanContent.of(plan).hash();
        List<ApprovalStatus> all = approvals(account);
        Optional<Approval> valid = validFor(all, hash);
        if (valid.isPresent()) {
            return valid.get();
        }
        String name = plan.scenario();
        String again = "approve it again with: headroom rollout approve " + name + " --account " + account;
        Optional<ApprovalStatus> latest = all.stream().filter(s -> s.approval().scenario().equals(name))
                .reduce((a, b) -> b);
        if (latest.isEmpty()) {
            throw new HeadroomException("Plan \"" + name + "\" of account " + account + " is not approved: nobody has "
                    + "approved it. Review it, then approve it with: headroom rollout approve " + name + " --account "
                    + account);
        }
        Approval a = latest.get().approval();
        String by = "the approval by " + a.approver() + " at " + a.approvedAt();
        String why = switch (latest.get().standing()) {
            case REVOKED -> by + " was revoked at " + a.revokedAt().orElseThrow();
            case SCENARIO_GONE -> "scenario " + name + " was renamed, deleted or unplanned after " + by;
            // VALID here means the scenario still holds the approved content but this plan differs from it
            case CHANGED, VALID -> "its content changed after " + by + " (approved " + ApprovalStatus.shortHash(
                    a.contentHash()) + ", now " + ApprovalStatus.shortHash(hash) + ")";
        };
        throw new HeadroomException("Plan \"" + name + "\" of account " + account + " is not approved: " + why + "; "
                + again);
    }

    /**
     * Revokes every approval of the scenario that has not been revoked yet.
     *
     * @return the revoked approvals' ids
     * @throws HeadroomException when there is none
     */
    public List<Long> revoke(String account, String scenario, String actor, String reason) {
        List<Long> ids = approvals.list(account).stream()
                .filter(a -> a.scenario().equals(scenario) && !a.revoked()).map(Approval::id).toList();
        if (ids.isEmpty()) {
            throw new HeadroomException("Scenario \"" + scenario + "\" of account " + account + " has no approval to "
                    + "revoke. List the approvals with: headroom rollout approvals --account " + account);
        }
        Instant now = now();
        String text = reason == null ? "" : reason.strip();
        approvals.revoke(account, ids, now, new AuditEntry(now, account, actor, AuditKind.REVOKE, scenario,
                (ids.size() == 1 ? "revoked approval " : "revoked approvals ") + join(ids)
                        + (text.isEmpty() ? "" : "; reason: " + text)));
        return ids;
    }

    /** The account's approvals, oldest first, each with whether it still stands. */
    public List<ApprovalStatus> approvals(String account) {
        Map<String, Optional<String>> current = new HashMap<>();
        List<ApprovalStatus> out = new ArrayList<>();
        for (Approval a : approvals.list(account)) {
            Optional<String> hash = current.computeIfAbsent(a.scenario(), n -> scenarios.find(account, n)
                    .filter(s -> s.planJson().isPresent()).map(s -> PlanContent.of(s).hash()));
            ApprovalStatus.Standing standing = a.revoked() ? ApprovalStatus.Standing.REVOKED
                    : hash.isEmpty() ? ApprovalStatus.Standing.SCENARIO_GONE
                    : hash.get().equals(a.contentHash()) ? ApprovalStatus.Standing.VALID
                    : ApprovalStatus.Standing.CHANGED;
            out.add(new ApprovalStatus(a, standing, hash.orElse("")));
        }
        return out;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Optional<Approval> validFor(List<ApprovalStatus> all, String hash) {
        return all.stream().filter(s -> s.valid() && s.approval().contentHash().equals(hash))
                .map(ApprovalStatus::approval).reduce((a, b) -> b);
    }

    private static String sample(List<String> hosts) {
        return hosts.size() <= 3 ? String.join(", ", hosts) : String.join(", ", hosts.subList(0, 3)) + ", …";
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
