package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.approval.Approval;
import dev.headroom.approval.ApprovalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Rollouts of approved plans: approve, list, revoke; launch, status, watch, pause, resume, abort,
 * rollback-batch, skip-host, run.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Approve a scenario's plan for rollout, launch it, watch, pause, resume or abort it, roll a "
            + "batch back or leave a host out.",
        subcommands = {RolloutCommand.Approve.class, RolloutCommand.Approvals.class, RolloutCommand.Revoke.class,
            RolloutControls.Launch.class, RolloutControls.Status.class, RolloutControls.Pause.class,
            RolloutControls.Resume.class, RolloutControls.Abort.class, RolloutControls.RollbackBatch.class,
            RolloutControls.SkipHost.class, RolloutControls.Watch.class, RolloutControls.Run.class})
final class RolloutCommand extends AccountCommandGroup {

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve scenario SCENARIO's current plan and policy as a whole.",
                "The approval holds while neither changes: planning the scenario again to other batches, "
                    + "changing its policy, renaming or deleting it voids it."})
    static final class Approve implements Runnable {
        @ParentCommand
        RolloutCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SCENARIO")
        String scenario;
        @Option(names = "--approver", paramLabel = "NAME", description = "Who approves (default: $USER).")
        String approver;
        @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "Why, or on what terms.")
        String note;
        @Option(names = "--accept-unplanned",
                description = "Approve although the plan leaves hosts unplanned; they are not updated.")
        boolean acceptUnplanned;

        @Override
        public void run() {
            Approval a = parent.withEngine(spec.commandLine().getErr(), e -> e.approvals().approve(parent.account(e),
                    scenario, approver == null ? e.operator() : approver, note, acceptUnplanned));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Approved scenario " + a.scenario() + " of account " + a.account() + " (approval " + a.id()
                    + "): content " + a.contentHash() + ", by " + a.approver() + " at " + a.approvedAt() + ".");
            out.flush();
        }
    }

    @Command(name = "approvals", mixinStandardHelpOptions = true,
            description = "The account's approvals, oldest first, each valid or void with the reason.")
    static final class Approvals implements Runnable {
        @ParentCommand
        RolloutCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--format", defaultValue = "table", description = "table, json or csv.")
        OutputFormat format;

        @Override
        public void run() {
            List<ApprovalStatus> list = parent.withEngine(spec.commandLine().getErr(),
                    e -> e.approvals().approvals(parent.account(e)));
            PrintWriter out = spec.commandLine().getOut();
            if (format == OutputFormat.json) {
                ArrayNode rows = Json.MAPPER.createArrayNode();
                for (ApprovalStatus s : list) {
                    Approval a = s.approval();
                    ObjectNode o = rows.addObject();
                    o.put("id", a.id());
                    o.put("scenario", a.scenario());
                    o.put("approver", a.approver());
                    o.put("approved_at", a.approvedAt().toString());
                    o.put("status", s.valid() ? "valid" : "void");
                    o.put("standing", s.standing().name().toLowerCase(Locale.ROOT));
                    o.put("reason", s.describe());
                    o.put("content_hash", a.contentHash());
                    o.put("note", a.note());
                    if (a.revokedAt().isPresent()) {
                        o.put("revoked_at", a.revokedAt().get().toString());
                    } else {
                        o.putNull("revoked_at");
                    }
                }
                ObjectNode root = Json.object();
                root.set("approvals", rows);
                Json.print(out, root);
                return;
            }
            Table t = new Table(List.of("id", "scenario", "approver", "approved at", "status", "content", "note"),
                    true, false, false, false, false, false, false);
            for (ApprovalStatus s : list) {
                Approval a = s.approval();
                t.add(List.of(Long.toString(a.id()), a.scenario(), a.approver(), a.approvedAt().toString(),
                        s.describe(), a.contentHash().substring(0, 12), a.note()));
            }
            if (format == OutputFormat.csv) {
                t.printCsv(out);
            } else if (list.isEmpty()) {
                out.println("No approvals yet. Approve a scenario with: headroom rollout approve SCENARIO");
                out.flush();
            } else {
                t.printAligned(out);
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Withdraw every standing approval of scenario SCENARIO.")
    static final class Revoke implements Runnable {
        @ParentCommand
        RolloutCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SCENARIO")
        String scenario;
        @Option(names = "--by", paramLabel = "NAME", description = "Who revokes (default: $USER).")
        String by;
        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why.")
        String reason;

        @Override
        public void run() {
            List<Long> ids = parent.withEngine(spec.commandLine().getErr(), e -> e.approvals().revoke(parent.account(e),
                    scenario, by == null ? e.operator() : by, reason));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Revoked " + (ids.size() == 1 ? "approval " : "approvals ")
                    + String.join(", ", ids.stream().map(String::valueOf).toList()) + " of scenario " + scenario + ".");
            out.flush();
        }
    }
}
