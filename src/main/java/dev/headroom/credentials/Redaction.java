package dev.headroom.credentials;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for the log files: every secret this process read through a store
 * from {@link SecretStores} (whatever surrounds it), and the shapes secrets take in messages from
 * HTTP and Kubernetes clients that never passed through a store (an {@code Authorization} header,
 * {@code Bearer …}, a password in a URL, {@code token=…}).
 *
 * <p>Process-wide because java.util.logging is: the log handler has no other way to learn which
 * values are secret. The remembered values stay in memory as long as the process, as the secrets
 * themselves do while a provider uses them.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "[redacted]";
    /** Shorter values are not remembered: masking them would garble ordinary words. */
    static final int MIN_REMEMBERED = 6;

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final Pattern[] SHAPES = {
        // Authorization / Proxy-Authorization headers, with or without a scheme
        Pattern.compile("(?i)((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?(?:bearer|basic|token)?\\s*)[^\\s\",;]+"),
        Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]+"),
        // user:password@ in a URL
        Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]+:)[^/\\s@]+(?=@)"),
        // key=value and "key": "value" for the usual secret names
        Pattern.compile("(?i)((?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|client[_-]?key"
                + "|private[_-]?key)\"?\\s*[=:]\\s*\"?)[^\\s\"&,;]+"),
    };

    private Redaction() {
    }

    /** Remembers {@code secret} so that {@link #redact} masks it from now on. */
    public static void remember(char[] secret) {
        if (secret != null && secret.length >= MIN_REMEMBERED) {
            KNOWN.add(new String(secret));
        }
    }

    /** Stops masking {@code secret} (after it was deleted and is no use to anyone). */
    public static void forget(char[] secret) {
        if (secret != null) {
            KNOWN.remove(new String(secret));
        }
    }

    /** {@code text} with every remembered secret and every secret-shaped value masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        if (!KNOWN.isEmpty()) {
            // longest first, so that a secret containing another is masked whole
            String[] known = KNOWN.toArray(String[]::new);
            Arrays.sort(known, Comparator.comparingInt(String::length).reversed());
            for (String secret : known) {
                if (result.contains(secret)) {
                    result = result.replace(secret, MASK);
                }
            }
        }
        for (Pattern shape : SHAPES) {
            Matcher m = shape.matcher(result);
            if (m.find()) {
                result = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + MASK);
            }
        }
        return result;
    }

    /** A log formatter that formats with {@code inner}, then masks (message, parameters and stack traces alike). */
    public static Formatter formatter(Formatter inner) {
        return new Formatter() {
            @Override
            public String format(LogRecord record) {
                return redact(inner.format(record));
            }

            @Override
            public String getHead(java.util.logging.Handler h) {
                return inner.getHead(h);
            }

            @Override
            public String getTail(java.util.logging.Handler h) {
                return inner.getTail(h);
            }
        };
    }
}
