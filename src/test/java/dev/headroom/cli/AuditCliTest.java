package dev.headroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.engine.DataDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollout approve|approvals|revoke} and {@code audit verify|export} on the sandbox, through the real store. */
class AuditCliTest {
    private static final Pattern CHECKPOINT = Pattern.compile("--checkpoint (\\d+:[0-9a-f]{64})");

    @TempDir
    static Path dir;
    private static Path dataDir;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The sandbox with scenario "night" planned in a window a few hours after its clock. */
    @BeforeAll
    static void planAScenario() throws Exception {
        dataDir = dir.resolve("data");
        CliRunner.Result r = run(dataDir, "scenarios", "plan", "night", "--policy", policy(0.5).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static Path policy(double maxBatchFraction) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.HOURS);
        Path p = dir.resolve("policy-" + maxBatchFraction + ".json");
        Files.writeString(p, "{\"window\": {\"start\": \"" + start + "\", \"end\": \"" + start.plus(6, ChronoUnit.HOURS)
                + "\"}, \"max_concurrent_regions\": 3, \"max_batch_fraction\": " + maxBatchFraction + "}");
        return p;
    }

    private static CliRunner.Result run(Path data, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CliRunner().run(all);
    }

    private static CliRunner.Result run(String... args) {
        return run(dataDir, args);
    }

    @Test
    void approveListPlanAgainRevokeAndExportTheAudit() throws Exception {
        CliRunner.Result approve = run("rollout", "approve", "clone-of-night");
        assertThat(approve.exitCode()).isEqualTo(1);
        assertThat(approve.err()).contains("There is no scenario \"clone-of-night\" for account sandbox");

        assertThat(run("scenarios", "clone", "night", "later").exitCode()).isZero();
        approve = run("rollout", "approve", "later", "--approver", "alice", "--note", "after the freeze");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.out()).startsWith("Approved scenario later of account sandbox (approval ")
                .contains("by alice at ");

        CliRunner.Result list = run("rollout", "approvals");
        assertThat(list.out()).containsPattern("later +alice .* valid +[0-9a-f]{12} +after the freeze");

        assertThat(run("scenarios", "plan", "later", "--policy", policy(0.25).toString()).exitCode()).isZero();
        JsonNode approvals = mapper.readTree(run("rollout", "approvals", "--format", "json").out()).path("approvals");
        JsonNode later = approvals.get(approvals.size() - 1);
        assertThat(later.path("scenario").asText()).isEqualTo("later");
        assertThat(later.path("status").asText()).isEqualTo("void");
        assertThat(later.path("reason").asText()).startsWith("void: the plan or its policy changed after approval");

        CliRunner.Result revoke = run("rollout", "revoke", "later", "--by", "bob", "--reason", "superseded");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(run("rollout", "approvals").out()).containsPattern("later +alice .* void: revoked at ");

        CliRunner.Result verify = run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("chain intact: ").containsPattern("records, head [0-9a-f]{64} \\(record ");

        Path jsonl = dir.resolve("exports/audit.jsonl");
        CliRunner.Result export = run("audit", "export", "--out", jsonl.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<JsonNode> lines = Files.readAllLines(jsonl).stream().map(this::json).toList();
        assertThat(lines).extracting(l -> l.path("kind").asText() + " " + l.path("subject").asText() + " "
                + l.path("detail").asText().split(" ")[0]).contains("scenario night saved", "scenario later cloned",
                "approval later approval", "scenario later saved", "revoke later revoked");
        assertThat(lines).filteredOn(l -> l.path("kind").asText().equals("approval"))
                .extracting(l -> l.path("actor").asText()).contains("alice");
        assertThat(run("audit", "verify", "--file", jsonl.toString()).out()).startsWith("chain intact: " + lines.size()
                + " records");

        CliRunner.Result csv = run("audit", "export", "--format", "csv", "--kind", "approval");
        assertThat(csv.out().lines()).first().isEqualTo("seq,at,account,actor,kind,subject,detail,prev_hash,hash");
        assertThat(csv.out().lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).contains(",approval,"));
    }

    private JsonNode json(String line) {
        try {
            return mapper.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void verifyFailsNamingTheRecordSomeoneChanged() throws Exception {
        Path copy = copyOfData("changed");
        sql(copy, "UPDATE audit SET actor = 'mallory' WHERE seq = 1");
        CliRunner.Result r = run(copy, "audit", "verify");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("audit log broken at record 1: its content (time, account, actor, kind, "
                + "subject or detail) or its stored hash was changed after it was written.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aCheckpointShowsRecordsCutFromTheEnd() throws Exception {
        Path copy = copyOfData("cut");
        assertThat(run(copy, "scenarios", "clone", "night", "spare").exitCode()).isZero();
        Matcher m = CHECKPOINT.matcher(run(copy, "audit", "verify").out());
        assertThat(m.find()).isTrue();
        String head = m.group(1);
        sql(copy, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
        assertThat(run(copy, "audit", "verify").exitCode()).isZero();
        CliRunner.Result r = run(copy, "audit", "verify", "--checkpoint", head);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("audit log cut short at record " + head.substring(0, head.indexOf(':')));
        assertThat(run(copy, "audit", "verify", "--checkpoint", "nonsense").err()).contains("Give it as SEQ:HASH");
    }

    /** The data directory as it is now, copied while no command has it open. */
    private static Path copyOfData(String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void sql(Path data, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DataDirectory.databaseFile(data));
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
