package dev.headroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Looks for a planted secret (a canary) in files and captured output, in the forms a leak could
 * take: plain UTF-8, its random core alone (which survives JSON escaping, quoting and truncation
 * of the decoration), UTF-16 both ways, Base64 and Base64url at every byte alignment, URL
 * encoding, and hex. Files are read as bytes, so binary files (SQLite pages, its WAL) are searched
 * too; gzip files are searched both as stored and unpacked.
 *
 * <pre>{@code
 * String canary = CanaryScan.newCanary();
 * ... plant it through the SecretStore, run the code under test ...
 * CanaryScan scan = new CanaryScan(canary).files(dataDir, exportDir).text("stdout of accounts", out);
 * scan.assertClean();                // fails listing every finding; also fails when nothing was scanned
 * }</pre>
 */
public final class CanaryScan {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "hrcanary-";
    /** Characters that URL and JSON encoders change, so that encoded copies differ from the plain one. */
    private static final String DECORATION = "/+=:&%?";

    private final String canary;
    private final Map<String, byte[]> forms;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> scanned = new ArrayList<>();
    private long bytesScanned;

    /** Where a form of the canary was found: a file (path, offset) or a named text; {@code form} names the encoding. */
    public record Finding(String where, String form, long offset) {
        @Override
        public String toString() {
            return where + " @" + offset + " (" + form + ")";
        }
    }

    /** A fresh canary: {@code hrcanary-<32 random hex digits>/+=:&%?}. */
    public static String newCanary() {
        byte[] core = new byte[16];
        RANDOM.nextBytes(core);
        return PREFIX + HexFormat.of().formatHex(core) + DECORATION;
    }

    public CanaryScan(String canary) {
        if (canary.length() < 16) {
            throw new IllegalArgumentException("a canary must be long enough to be unique");
        }
        this.canary = canary;
        this.forms = forms(canary);
    }

    public String canary() {
        return canary;
    }

    /** Every form searched for, by name, as the bytes searched. */
    public Map<String, byte[]> forms() {
        return forms;
    }

    /** The random part: what survives any quoting or escaping of the decoration. */
    public static String core(String canary) {
        String c = canary.startsWith(PREFIX) ? canary.substring(PREFIX.length()) : canary;
        int end = 0;
        while (end < c.length() && Character.isLetterOrDigit(c.charAt(end))) {
            end++;
        }
        return end >= 16 ? c.substring(0, end) : canary;
    }

    private static Map<String, byte[]> forms(String canary) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        byte[] utf8 = canary.getBytes(StandardCharsets.UTF_8);
        String core = core(canary);
        f.put("plain UTF-8", utf8);
        f.put("random core", core.getBytes(StandardCharsets.UTF_8));
        f.put("UTF-16LE", core.getBytes(StandardCharsets.UTF_16LE));
        f.put("UTF-16BE", core.getBytes(StandardCharsets.UTF_16BE));
        for (int shift = 0; shift < 3; shift++) {
            String b64 = base64Middle(utf8, shift);
            f.put("Base64 (alignment " + shift + ")", b64.getBytes(StandardCharsets.US_ASCII));
            String url = b64.replace('+', '-').replace('/', '_');
            if (!url.equals(b64)) {
                f.put("Base64url (alignment " + shift + ")", url.getBytes(StandardCharsets.US_ASCII));
            }
        }
        f.put("URL-encoded", URLEncoder.encode(canary, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
        f.put("URL-encoded (%20)", URLEncoder.encode(canary, StandardCharsets.UTF_8).replace("+", "%20")
                .getBytes(StandardCharsets.US_ASCII));
        f.put("hex", HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        f.put("HEX", HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        return java.util.Collections.unmodifiableMap(f);
    }

    /**
     * The Base64 characters that depend only on the canary's bytes when it starts {@code shift}
     * bytes into a 3-byte group: whatever surrounds it in an encoded blob, these appear.
     */
    static String base64Middle(byte[] bytes, int shift) {
        byte[] padded = new byte[shift + bytes.length];
        System.arraycopy(bytes, 0, padded, shift, bytes.length);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
        int from = (8 * shift + 5) / 6;
        int to = (8 * (shift + bytes.length)) / 6;
        return encoded.substring(from, to);
    }

    /** Scans every regular file under each root (recursively, symbolic links not followed). */
    public CanaryScan files(Path... roots) {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isRegularFile()) {
                            file(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Scans one file's bytes; a gzip file is searched unpacked as well. */
    public CanaryScan file(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes(file.toString(), bytes);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes(file + " (unpacked gzip)", gunzip(bytes));
        }
        return this;
    }

    /** Scans text that was printed or returned (stdout, stderr, a message), as UTF-8. */
    public CanaryScan text(String where, String text) {
        return bytes(where, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Scans raw bytes. */
    public CanaryScan bytes(String where, byte[] data) {
        scanned.add(where);
        bytesScanned += data.length;
        for (Map.Entry<String, byte[]> form : forms.entrySet()) {
            int at = indexOf(data, form.getValue(), 0);
            while (at >= 0) {
                findings.add(new Finding(where, form.getKey(), at));
                at = indexOf(data, form.getValue(), at + 1);
            }
        }
        return this;
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Every file and text scanned so far, by name. */
    public List<String> scanned() {
        return List.copyOf(scanned);
    }

    public long bytesScanned() {
        return bytesScanned;
    }

    /**
     * Fails, listing every finding, when the canary turned up anywhere; also when nothing was
     * scanned, since a scan of nothing proves nothing.
     */
    public void assertClean() {
        if (scanned.isEmpty()) {
            throw new AssertionError("the canary scan looked at nothing");
        }
        if (!findings.isEmpty()) {
            StringBuilder m = new StringBuilder("the canary secret leaked, ").append(findings.size())
                    .append(" finding(s) in ").append(scanned.size()).append(" scanned:");
            findings.forEach(f -> m.append("\n  ").append(f));
            throw new AssertionError(m.toString());
        }
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            // not a complete gzip stream after all: the raw bytes were searched
            return new byte[0];
        }
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        if (pattern.length == 0) {
            return -1;
        }
        byte first = pattern[0];
        int last = data.length - pattern.length;
        outer:
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
