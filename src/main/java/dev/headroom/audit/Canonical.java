package dev.headroom.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical byte encoding that audit records and approved plans are hashed over: a sequence
 * of text fields, each written as the length of its UTF-8 bytes (4 bytes, big-endian, unsigned)
 * followed by those bytes. Because every field says how long it is, no two different field
 * sequences encode to the same bytes ({@code "ab","c"} and {@code "a","bc"} differ), whatever
 * characters the fields hold. Numbers are written as text by the caller (decimal, or
 * {@link Double#toHexString} for exact doubles).
 */
public final class Canonical {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Appends one field. */
    public Canonical add(String field) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        bytes.write(n >>> 24);
        bytes.write(n >>> 16);
        bytes.write(n >>> 8);
        bytes.write(n);
        bytes.write(b, 0, n);
        return this;
    }

    public Canonical add(long number) {
        return add(Long.toString(number));
    }

    /** SHA-256 of the encoding so far, as 64 lower-case hex digits. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            // every Java runtime must provide SHA-256 (java.security.MessageDigest's contract)
            throw new IllegalStateException(e);
        }
    }
}
