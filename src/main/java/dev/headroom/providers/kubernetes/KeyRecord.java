package dev.headroom.providers.kubernetes;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An applied idempotency key, kept in the cluster itself as an annotation on the object it
 * changed (a node, a Deployment), written in the same API call as the change: a process that
 * crashes after the call finds the record, one that crashes before finds nothing changed.
 *
 * <p>Annotation names allow neither the key's {@code /} nor its length, so the name carries a hash
 * of the key ({@code headroom.dev/update-<hash>}) and the value the key itself, checked on read.
 * The value is a query string ({@code key=…&state=…}), each field URL-encoded.
 */
final class KeyRecord {
    static final String PREFIX = "headroom.dev/";

    private KeyRecord() {
    }

    /** The annotation name of {@code key}'s record of {@code kind} ("update", "reserve"). */
    static String name(String kind, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + kind + "-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The record of {@code key} among {@code annotations}, when there is one for exactly that key. */
    static Optional<Map<String, String>> read(Map<String, String> annotations, String kind, String key) {
        if (annotations == null) {
            return Optional.empty();
        }
        String value = annotations.get(name(kind, key));
        if (value == null) {
            return Optional.empty();
        }
        Map<String, String> fields = decode(value);
        return key.equals(fields.get("key")) ? Optional.of(fields) : Optional.empty();
    }

    static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    static Map<String, String> decode(String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : value.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
