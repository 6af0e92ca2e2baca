package dev.headroom.audit;

import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain's encoding and walk, without a database (the SQLite tampering tests are in persistence). */
class AuditChainTest {
    private static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z");

    private static List<AuditRecord> chain(int n) {
        List<AuditRecord> out = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditRecord r = AuditChain.seal(i, prev, new AuditEntry(T0.plusSeconds(i), "shop", "alice",
                    AuditKind.SCENARIO, "night-" + i, "saved, detail " + i));
            out.add(r);
            prev = r.hash();
        }
        return out;
    }

    /** The documented encoding, computed by hand: a change to it must be a deliberate one. */
    @Test
    void hashIsSha256OverLengthPrefixedUtf8FieldsStartingWithTheLink() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String f : List.of(AuditChain.GENESIS, "1", "2026-11-22T18:00:00Z", "shop", "zoë", "approval", "night",
                "")) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            expected.write(new byte[] {0, 0, (byte) (b.length >> 8), (byte) b.length});
            expected.write(b);
        }
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));
        AuditRecord r = AuditChain.seal(1, AuditChain.GENESIS, new AuditEntry(T0, "shop", "zoë", AuditKind.APPROVAL,
                "night", ""));
        assertThat(r.hash()).isEqualTo(want);
        assertThat(r.prevHash()).isEqualTo("0".repeat(64));
        assertThat(AuditChain.GENESIS).hasSize(64);
    }

    @Test
    void movingTextFromOneFieldToTheNextGivesAnotherHash() {
        String a = AuditChain.hash(AuditChain.GENESIS, 1, "t", "shop", "al", "ice", "s", "d");
        String b = AuditChain.hash(AuditChain.GENESIS, 1, "t", "shop", "ali", "ce", "s", "d");
        String c = AuditChain.hash(AuditChain.GENESIS, 1, "t", "shop", "alice", "", "s", "d");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(b).isNotEqualTo(c);
    }

    @Test
    void anIntactChainReportsItsLengthAndHead() {
        List<AuditRecord> records = chain(3);
        AuditVerification v = AuditChain.verify(records, Optional.empty());
        assertThat(v.intact()).isTrue();
        assertThat(v.intactRecords()).isEqualTo(3);
        assertThat(v.message()).startsWith("chain intact: 3 records, head " + records.get(2).hash() + " (record 3");
        assertThat(v.headCheckpoint()).contains(new AuditChain.Checkpoint(3, records.get(2).hash()));

        AuditVerification empty = AuditChain.verify(List.of(), Optional.empty());
        assertThat(empty.intact()).isTrue();
        assertThat(empty.message()).startsWith("chain intact: 0 records, head " + AuditChain.GENESIS);
    }

    @Test
    void aCheckpointFindsRecordsCutFromTheEnd() {
        List<AuditRecord> records = chain(5);
        AuditChain.Checkpoint head = AuditChain.verify(records, Optional.empty()).headCheckpoint().orElseThrow();
        AuditVerification cut = AuditChain.verify(records.subList(0, 3), Optional.of(head));
        assertThat(cut.intact()).isFalse();
        assertThat(cut.brokenAt()).contains(5L);
        assertThat(cut.message()).contains("records 4 to 5 were removed from the end");
        assertThat(AuditChain.verify(records, Optional.of(AuditChain.Checkpoint.parse("3:" + records.get(2).hash())))
                .message()).contains("checkpoint 3 found unchanged");
        assertThat(AuditChain.verify(records, Optional.of(new AuditChain.Checkpoint(3, records.get(1).hash())))
                .message()).contains("record 3 no longer has the hash noted in the checkpoint");
    }

    @Test
    void aCheckpointMustBeSeqColonHash() {
        assertThatThrownBy(() -> AuditChain.Checkpoint.parse("12"))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("Give it as SEQ:HASH");
        assertThat(AuditChain.Checkpoint.parse(" 7:" + "AB".repeat(32) + " "))
                .isEqualTo(new AuditChain.Checkpoint(7, "ab".repeat(32)));
    }

    @Test
    void exportsKeepEveryFieldSoTheCopyVerifies() {
        List<AuditRecord> records = new ArrayList<>(chain(2));
        AuditRecord tricky = AuditChain.seal(3, records.get(1).hash(), new AuditEntry(T0, "shop", "bob",
                AuditKind.APPROVAL, "night, \"late\"", "line one\nline two, with comma"));
        records.add(tricky);

        StringWriter json = new StringWriter();
        AuditExport.write(records, AuditExport.Format.json, json);
        assertThat(json.toString().lines()).hasSize(3);
        List<AuditRecord> back = AuditExport.readJsonLines(new BufferedReader(new StringReader(json.toString())),
                "audit.jsonl");
        assertThat(back).isEqualTo(records);
        assertThat(AuditChain.verify(back, Optional.empty()).intact()).isTrue();

        StringWriter csv = new StringWriter();
        AuditExport.write(records, AuditExport.Format.csv, csv);
        assertThat(csv.toString()).startsWith("seq,at,account,actor,kind,subject,detail,prev_hash,hash\r\n")
                .contains("3,2026-11-22T18:00:00Z,shop,bob,approval,\"night, \"\"late\"\"\",\"line one\nline two, "
                        + "with comma\"," + records.get(1).hash() + "," + tricky.hash() + "\r\n");
    }

    @Test
    void aDamagedExportLineIsNamed() {
        assertThatThrownBy(() -> AuditExport.readJsonLines(new BufferedReader(new StringReader("{\"seq\": 1}\n")),
                "copy.jsonl")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("copy.jsonl line 1 has no text \"at\"");
        assertThatThrownBy(() -> AuditExport.readJsonLines(new BufferedReader(new StringReader("\n{oops\n")),
                "copy.jsonl")).hasMessageContaining("copy.jsonl line 2 is not JSON");
    }
}
