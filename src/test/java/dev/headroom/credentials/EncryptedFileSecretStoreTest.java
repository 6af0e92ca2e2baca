package dev.headroom.credentials;

import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EncryptedFileSecretStoreTest {
    private static final int ITERATIONS = EncryptedFileSecretStore.MIN_ITERATIONS;
    private static final String REF = SecretStore.reference("prom-eu", "bearer-token");

    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();

    private PassphraseSource passphrase(String value) {
        return (file, creating) -> {
            asked.incrementAndGet();
            return value.toCharArray();
        };
    }

    private EncryptedFileSecretStore store(String passphrase) {
        return new EncryptedFileSecretStore(dir.resolve("secrets.enc"), passphrase(passphrase), ITERATIONS);
    }

    private static String text(java.util.Optional<char[]> secret) {
        return secret.map(String::new).orElse(null);
    }

    @Test
    void secretsGoInComeBackAreReplacedAndRemoved() {
        EncryptedFileSecretStore s = store("correct horse battery");
        s.put(REF, "tok-1".toCharArray());
        s.put(SecretStore.reference("k8s", "password"), "p\u00e4ss\u4e2d".toCharArray());
        assertThat(text(s.get(REF))).isEqualTo("tok-1");
        s.put(REF, "tok-2".toCharArray());
        assertThat(text(s.get(REF))).isEqualTo("tok-2");
        assertThat(text(s.get(SecretStore.reference("k8s", "password")))).isEqualTo("p\u00e4ss\u4e2d");
        s.delete(REF);
        assertThat(s.get(REF)).isEmpty();
        s.delete(REF);
        assertThat(text(s.get(SecretStore.reference("k8s", "password")))).isEqualTo("p\u00e4ss\u4e2d");
    }

    @Test
    void anotherStoreWithThePassphraseReadsWhatWasWritten() {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        assertThat(text(store("correct horse battery").get(REF))).isEqualTo("tok-1");
    }

    @Test
    void noFileMeansNoSecretsAndNoPassphraseQuestion() {
        EncryptedFileSecretStore s = store("correct horse battery");
        assertThat(s.get(REF)).isEmpty();
        s.delete(REF);
        assertThat(asked).hasValue(0);
        assertThat(dir.resolve("secrets.enc")).doesNotExist();
    }

    @Test
    void thePassphraseIsAskedOnceUntilTheStoreIsLocked() {
        EncryptedFileSecretStore s = store("correct horse battery");
        s.put(REF, "tok".toCharArray());
        s.get(REF);
        s.put(REF, "tok2".toCharArray());
        assertThat(asked).hasValue(1);
        s.lock();
        assertThat(text(s.get(REF))).isEqualTo("tok2");
        assertThat(asked).hasValue(2);
    }

    @Test
    void theCallerMayWipeWhatItGaveAndWhatItGot() {
        EncryptedFileSecretStore s = store("correct horse battery");
        char[] given = "tok-1".toCharArray();
        s.put(REF, given);
        Arrays.fill(given, '\0');
        char[] got = s.get(REF).orElseThrow();
        assertThat(new String(got)).isEqualTo("tok-1");
        Arrays.fill(got, '\0');
        assertThat(text(s.get(REF))).isEqualTo("tok-1");
    }

    @Test
    void aWrongPassphraseIsAClearErrorAndLeavesTheFileAlone() throws IOException {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        Path file = dir.resolve("secrets.enc");
        byte[] before = Files.readAllBytes(file);

        EncryptedFileSecretStore wrong = store("incorrect horse");
        assertThatThrownBy(() -> wrong.get(REF)).isInstanceOf(HeadroomException.class)
                .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                .contains("passphrase does not open the secrets file", file.toString(), "has not been changed");
        assertThatThrownBy(() -> wrong.put(REF, "overwrite".toCharArray())).isInstanceOf(HeadroomException.class);
        assertThatThrownBy(() -> wrong.delete(REF)).isInstanceOf(HeadroomException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(text(store("correct horse battery").get(REF))).isEqualTo("tok-1");
    }

    @Test
    void aFailedUnlockIsNotRememberedTheNextTryAsksAgain() {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        String[] answers = {"typo horse battery", "correct horse battery"};
        AtomicInteger n = new AtomicInteger();
        EncryptedFileSecretStore s = new EncryptedFileSecretStore(dir.resolve("secrets.enc"),
                (f, creating) -> answers[n.getAndIncrement()].toCharArray(), ITERATIONS);
        assertThatThrownBy(() -> s.get(REF)).isInstanceOf(HeadroomException.class);
        assertThat(text(s.get(REF))).isEqualTo("tok-1");
    }

    @Test
    void anAlteredByteAnywhereIsDetectedAndTheFileLeftAlone() throws IOException {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        Path file = dir.resolve("secrets.enc");
        byte[] good = Files.readAllBytes(file);
        // header fields (kdf iterations, salt, nonce) and the ciphertext and its tag
        int[] positions = {11, 12, 16, 20, 35, good.length / 2 + 20, good.length - 1};
        for (int p : positions) {
            byte[] bad = good.clone();
            bad[p] ^= 0x01;
            Files.write(file, bad);
            assertThatThrownBy(() -> store("correct horse battery").get(REF)).as("byte %d", p)
                    .isInstanceOf(HeadroomException.class)
                    .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                    .contains(file.toString(), "has not been changed");
            assertThat(Files.readAllBytes(file)).isEqualTo(bad);
        }
    }

    @Test
    void aTruncatedOrForeignFileIsCalledDamaged() throws IOException {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        Path file = dir.resolve("secrets.enc");
        byte[] good = Files.readAllBytes(file);
        for (byte[] bad : new byte[][]{Arrays.copyOf(good, 10), Arrays.copyOf(good, 40), new byte[0],
            "{\"prom-eu\": \"plain\"}".getBytes(StandardCharsets.UTF_8)}) {
            Files.write(file, bad);
            assertThatThrownBy(() -> store("correct horse battery").put(REF, "x".toCharArray()))
                    .isInstanceOf(HeadroomException.class)
                    .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                    .contains("is damaged", "has not been changed");
            assertThat(Files.readAllBytes(file)).isEqualTo(bad);
        }
    }

    @Test
    void aNewerFormatIsRefusedWithoutTouchingIt() throws IOException {
        store("correct horse battery").put(REF, "tok-1".toCharArray());
        Path file = dir.resolve("secrets.enc");
        byte[] newer = Files.readAllBytes(file);
        newer[EncryptedFileSecretStore.MAGIC.length] = 2;
        Files.write(file, newer);
        assertThatThrownBy(() -> store("correct horse battery").put(REF, "x".toCharArray()))
                .isInstanceOf(HeadroomException.class)
                .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                .contains("newer version of Headroom", "format 2", "has not been changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(newer);
    }

    @Test
    void theHeaderNamesFormatAndKeyDerivationAndEveryWriteHasAFreshNonce() throws IOException {
        EncryptedFileSecretStore s = store("correct horse battery");
        Path file = dir.resolve("secrets.enc");
        s.put(REF, "same".toCharArray());
        ByteBuffer first = ByteBuffer.wrap(Files.readAllBytes(file));
        s.put(REF, "same".toCharArray());
        ByteBuffer second = ByteBuffer.wrap(Files.readAllBytes(file));

        byte[] magic = new byte[8];
        first.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("HRSECRET");
        assertThat(first.get()).as("format version").isEqualTo((byte) 1);
        assertThat(first.get()).as("KDF: PBKDF2-HMAC-SHA256").isEqualTo((byte) 1);
        assertThat(first.getInt()).as("iterations").isEqualTo(ITERATIONS);
        byte[] salt = new byte[first.get()];
        assertThat(salt).hasSize(16);
        first.get(salt);
        byte[] nonce = new byte[first.get()];
        assertThat(nonce).hasSize(12);
        first.get(nonce);

        second.position(8 + 1 + 1 + 4 + 1);
        byte[] salt2 = new byte[16];
        second.get(salt2);
        second.get();
        byte[] nonce2 = new byte[12];
        second.get(nonce2);
        assertThat(salt2).as("the salt belongs to the passphrase").isEqualTo(salt);
        assertThat(nonce2).as("a fresh nonce per write").isNotEqualTo(nonce);
        assertThat(second.array()).isNotEqualTo(first.array());
    }

    @Test
    void newFilesUseAtLeastTheFloorOfIterations() {
        assertThat(EncryptedFileSecretStore.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(210_000);
        assertThatThrownBy(() -> new EncryptedFileSecretStore(dir.resolve("s"), passphrase("x"), 100_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileIsTheOwnersAloneAndNoTemporaryFileStays() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        EncryptedFileSecretStore s = store("correct horse battery");
        s.put(REF, "tok".toCharArray());
        s.put(REF, "tok2".toCharArray());
        Path file = dir.resolve("secrets.enc");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("secrets.enc",
                    "secrets.enc.lock");
        }
    }

    @Test
    void aShortOrRefusedPassphraseCreatesNoFile() {
        assertThatThrownBy(() -> store("short").put(REF, "tok".toCharArray())).isInstanceOf(HeadroomException.class)
                .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                .contains("shorter than 8 characters");
        EncryptedFileSecretStore refused = new EncryptedFileSecretStore(dir.resolve("secrets.enc"), (f, c) -> {
            throw new HeadroomException("No passphrase was entered");
        }, ITERATIONS);
        assertThatThrownBy(() -> refused.put(REF, "tok".toCharArray())).isInstanceOf(HeadroomException.class);
        assertThat(dir.resolve("secrets.enc")).doesNotExist();
    }

    @Test
    void twoStoresOnOneFileDoNotLoseEachOthersWrites() {
        EncryptedFileSecretStore a = store("correct horse battery");
        EncryptedFileSecretStore b = store("correct horse battery");
        a.put(SecretStore.reference("a", "token"), "from-a".toCharArray());
        b.put(SecretStore.reference("b", "token"), "from-b".toCharArray());
        a.put(SecretStore.reference("a", "password"), "from-a-2".toCharArray());
        assertThat(text(b.get(SecretStore.reference("a", "token")))).isEqualTo("from-a");
        assertThat(text(a.get(SecretStore.reference("b", "token")))).isEqualTo("from-b");
        assertThat(text(b.get(SecretStore.reference("a", "password")))).isEqualTo("from-a-2");
    }

    @Test
    void storesOnOneFileUsedFromManyThreadsKeepEveryWrite() throws Exception {
        EncryptedFileSecretStore first = store("correct horse battery");
        first.put(REF, "seed".toCharArray());
        EncryptedFileSecretStore[] stores = {first, store("correct horse battery"), store("correct horse battery")};
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 12; i++) {
                EncryptedFileSecretStore s = stores[i % 3];
                String ref = SecretStore.reference("acct-" + i, "token");
                String value = "value-" + i;
                futures.add(pool.submit(() -> s.put(ref, value.toCharArray())));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 12; i++) {
            assertThat(text(first.get(SecretStore.reference("acct-" + i, "token")))).isEqualTo("value-" + i);
        }
    }

    @Test
    void theFileHoldsNoSecretOrReferenceInClear() throws IOException {
        EncryptedFileSecretStore s = store("correct horse battery");
        s.put(REF, "visible-if-plain-0123456789".toCharArray());
        byte[] bytes = Files.readAllBytes(dir.resolve("secrets.enc"));
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(latin).doesNotContain("visible-if-plain").doesNotContain("prom-eu").doesNotContain("bearer");
    }
}
