package dev.headroom.credentials;

import dev.headroom.domain.HeadroomException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Secrets in one file, encrypted with AES-256-GCM under a key derived from the operator's
 * passphrase (PBKDF2-HMAC-SHA256, random salt). For machines without an OS keyring.
 *
 * <p>File layout (all integers big-endian), everything before the ciphertext authenticated as
 * GCM's associated data so that a changed version or KDF parameter fails like a wrong passphrase:
 * <pre>
 *   magic "HRSECRET" (8 bytes) | format version (u8) | KDF id (u8, 1 = PBKDF2-HMAC-SHA256)
 *   | iterations (u32) | salt length (u8) | salt | nonce length (u8) | nonce | ciphertext+tag (128-bit)
 * </pre>
 * The plaintext is: entry count (u32), then per entry reference (u16 length, UTF-8) and secret
 * (u32 length, UTF-8).
 *
 * <p>The passphrase is asked for on first use, not at construction, and only the derived key is
 * kept (wiped by {@link #lock()}). Every write re-encrypts the whole file under a fresh nonce into a
 * temporary file (mode 600 where POSIX), forces it to disk and moves it over the old one; a failure
 * leaves the previous file as it was. Another Headroom process is kept out by a lock file beside it.
 */
public final class EncryptedFileSecretStore implements SecretStore {
    /** The file's name in the data directory. */
    public static final String FILE_NAME = "secrets.enc";
    /** The fewest PBKDF2 iterations this store accepts, reading or writing (OWASP's 2023 floor is 600,000; 210,000 was its earlier one). */
    public static final int MIN_ITERATIONS = 210_000;
    /** Iterations for new files: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "HRSECRET".getBytes(StandardCharsets.US_ASCII);
    private static final int KDF_PBKDF2_SHA256 = 1;
    private static final int MAX_ITERATIONS = 50_000_000;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_NEW_PASSPHRASE = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final PassphraseSource passphrases;
    private final int iterations;
    /** The derived key and the salt and iteration count it came from; null while locked. */
    private byte[] key;
    private byte[] keySalt;
    private int keyIterations;

    public EncryptedFileSecretStore(Path file, PassphraseSource passphrases) {
        this(file, passphrases, DEFAULT_ITERATIONS);
    }

    /** @param iterations PBKDF2 iterations for a new file, at least {@value #MIN_ITERATIONS} */
    public EncryptedFileSecretStore(Path file, PassphraseSource passphrases, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations " + iterations + " outside " + MIN_ITERATIONS + ".."
                    + MAX_ITERATIONS);
        }
        this.file = file.toAbsolutePath().normalize();
        this.passphrases = passphrases;
        this.iterations = iterations;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void put(String reference, char[] secret) {
        checkReference(reference);
        if (secret == null) {
            throw new IllegalArgumentException("secret is null");
        }
        withFileLock(() -> {
            Map<String, char[]> entries = readAll();
            try {
                char[] old = entries.put(reference, secret.clone());
                wipe(old);
                writeAll(entries);
            } finally {
                entries.values().forEach(EncryptedFileSecretStore::wipe);
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<char[]> get(String reference) {
        checkReference(reference);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return withFileLock(() -> {
            Map<String, char[]> entries = readAll();
            try {
                char[] found = entries.get(reference);
                return Optional.ofNullable(found == null ? null : found.clone());
            } finally {
                entries.values().forEach(EncryptedFileSecretStore::wipe);
            }
        });
    }

    @Override
    public synchronized void delete(String reference) {
        checkReference(reference);
        if (!Files.exists(file)) {
            return;
        }
        withFileLock(() -> {
            Map<String, char[]> entries = readAll();
            try {
                char[] removed = entries.remove(reference);
                if (removed != null) {
                    wipe(removed);
                    writeAll(entries);
                }
            } finally {
                entries.values().forEach(EncryptedFileSecretStore::wipe);
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return "encrypted file " + file;
    }

    /** Forgets the derived key: the next access asks for the passphrase again. */
    public synchronized void lock() {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
        key = null;
        keySalt = null;
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T withFileLock(Locked<T> work) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        // a file lock excludes other processes only; two stores on one file in this process would
        // get OverlappingFileLockException, so they queue here first
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new HeadroomException("Could not read or write the secrets file " + file + " (" + e.getMessage()
                    + "). It has not been changed. Check that the folder exists and your user may write to it.",
                    "secrets file i/o: " + file + ": " + e, e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Every entry; an absent file is an empty store. The caller wipes the values. */
    private Map<String, char[]> readAll() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        Header header = Header.parse(bytes, file);
        byte[] plain = null;
        try {
            unlockFor(header);
            plain = decrypt(header, bytes);
            return decodeEntries(plain);
        } catch (HeadroomException e) {
            // a key that did not open the file must not be kept: the next attempt asks again
            lock();
            throw e;
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private void writeAll(Map<String, char[]> entries) throws IOException {
        if (key == null) {
            // a new file: nothing was read, so the key comes from a freshly chosen passphrase
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            char[] passphrase = passphrases.passphrase(file, true);
            try {
                if (passphrase.length < MIN_NEW_PASSPHRASE) {
                    throw new HeadroomException("The passphrase for the new secrets file " + file + " is shorter than "
                            + MIN_NEW_PASSPHRASE + " characters, so the file was not created. Choose a longer one.");
                }
                key = derive(passphrase, salt, iterations);
                keySalt = salt;
                keyIterations = iterations;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Header header = new Header(FORMAT_VERSION, KDF_PBKDF2_SHA256, keyIterations, keySalt, nonce);
        byte[] headerBytes = header.bytes();
        byte[] plain = encodeEntries(entries);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(headerBytes);
            sealed = cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java 17 runtime", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        byte[] out = new byte[headerBytes.length + sealed.length];
        System.arraycopy(headerBytes, 0, out, 0, headerBytes.length);
        System.arraycopy(sealed, 0, out, headerBytes.length, sealed.length);
        replaceAtomically(out);
    }

    private void replaceAtomically(byte[] content) throws IOException {
        Path dir = file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, FILE_NAME + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE)))
                : Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (posix) {
            // the rename is durable only once the directory entry is on disk too
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open a directory for sync; the file itself is on disk
            }
        }
    }

    private void unlockFor(Header header) {
        if (key != null && Arrays.equals(keySalt, header.salt) && keyIterations == header.iterations) {
            return;
        }
        lock();
        char[] passphrase = passphrases.passphrase(file, false);
        try {
            key = derive(passphrase, header.salt, header.iterations);
            keySalt = header.salt.clone();
            keyIterations = header.iterations;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private byte[] decrypt(Header header, byte[] bytes) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS,
                    header.nonce));
            cipher.updateAAD(bytes, 0, header.length);
            return cipher.doFinal(bytes, header.length, bytes.length - header.length);
        } catch (AEADBadTagException e) {
            throw new HeadroomException("The passphrase does not open the secrets file " + file + " (or the file was "
                    + "altered since it was written). It has not been changed. Try again with the right passphrase; if "
                    + "it is lost, move the file aside and enter the accounts' secrets again.",
                    "secrets file authentication failed: " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java 17 runtime", e);
        }
    }

    static byte[] derive(char[] passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private byte[] encodeEntries(Map<String, char[]> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(entries.size());
            for (Map.Entry<String, char[]> e : entries.entrySet()) {
                byte[] ref = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(ref.length);
                out.write(ref);
                byte[] secret = utf8(e.getValue());
                out.writeInt(secret.length);
                out.write(secret);
                Arrays.fill(secret, (byte) 0);
            }
        }
        // ByteArrayOutputStream's internal array cannot be wiped; toByteArray is the copy we wipe
        return buffer.toByteArray();
    }

    private Map<String, char[]> decodeEntries(byte[] plain) {
        Map<String, char[]> entries = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte[] ref = new byte[in.readUnsignedShort()];
                in.readFully(ref);
                int length = in.readInt();
                if (length < 0 || length > plain.length) {
                    throw new IOException("entry length " + length);
                }
                byte[] secret = new byte[length];
                in.readFully(secret);
                try {
                    entries.put(new String(ref, StandardCharsets.UTF_8), chars(secret));
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            return entries;
        } catch (IOException e) {
            entries.values().forEach(EncryptedFileSecretStore::wipe);
            // authenticated yet unreadable: written by a broken writer, not altered on disk
            throw new HeadroomException("The secrets file " + file + " opened but its content is damaged (" + e.getMessage()
                    + "). It has not been changed. Restore it from a backup, or move it aside and enter the accounts' "
                    + "secrets again.", "secrets file content damaged: " + file + ": " + e, e);
        }
    }

    private static byte[] utf8(char[] chars) throws CharacterCodingException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static char[] chars(byte[] utf8) throws CharacterCodingException {
        CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
        char[] chars = Arrays.copyOf(decoded.array(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }

    static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    private static void checkReference(String reference) {
        if (reference == null || reference.isBlank() || reference.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("bad secret reference: " + reference);
        }
    }

    /** The authenticated prefix of the file. */
    private record Header(int version, int kdf, int iterations, byte[] salt, byte[] nonce, int length) {
        Header(int version, int kdf, int iterations, byte[] salt, byte[] nonce) {
            this(version, kdf, iterations, salt, nonce, MAGIC.length + 2 + 4 + 1 + salt.length + 1 + nonce.length);
        }

        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(length);
            b.put(MAGIC).put((byte) version).put((byte) kdf).putInt(iterations)
                    .put((byte) salt.length).put(salt).put((byte) nonce.length).put(nonce);
            return b.array();
        }

        static Header parse(byte[] bytes, Path file) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            try {
                byte[] magic = new byte[MAGIC.length];
                b.get(magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw damaged(file, "it does not start like a Headroom secrets file");
                }
                int version = Byte.toUnsignedInt(b.get());
                if (version > FORMAT_VERSION) {
                    throw new HeadroomException("The secrets file " + file + " was written by a newer version of "
                            + "Headroom (format " + version + ", this version reads up to " + FORMAT_VERSION + "). It has "
                            + "not been changed. Install the newer version, or use another data directory (--data-dir).",
                            "secrets file format " + version + " > " + FORMAT_VERSION + ": " + file, null);
                }
                if (version < 1) {
                    throw damaged(file, "format version " + version);
                }
                int kdf = Byte.toUnsignedInt(b.get());
                if (kdf != KDF_PBKDF2_SHA256) {
                    throw damaged(file, "unknown key derivation " + kdf);
                }
                int iterations = b.getInt();
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                    throw damaged(file, "key derivation with " + Integer.toUnsignedString(iterations) + " iterations");
                }
                byte[] salt = new byte[Byte.toUnsignedInt(b.get())];
                if (salt.length < SALT_BYTES) {
                    throw damaged(file, "a salt of " + salt.length + " bytes");
                }
                b.get(salt);
                byte[] nonce = new byte[Byte.toUnsignedInt(b.get())];
                if (nonce.length != NONCE_BYTES) {
                    throw damaged(file, "a nonce of " + nonce.length + " bytes");
                }
                b.get(nonce);
                if (b.remaining() < TAG_BITS / 8) {
                    throw damaged(file, "it ends before its content");
                }
                return new Header(version, kdf, iterations, salt, nonce, b.position());
            } catch (java.nio.BufferUnderflowException e) {
                throw damaged(file, "it ends inside its header");
            }
        }

        private static HeadroomException damaged(Path file, String why) {
            return new HeadroomException("The secrets file " + file + " is damaged (" + why + "). It has not been "
                    + "changed. Restore it from a backup, or move it aside and enter the accounts' secrets again.",
                    "secrets file damaged: " + file + ": " + why, null);
        }
    }
}
