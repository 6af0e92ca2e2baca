package dev.headroom.graph.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host names in a configuration value (an env value, an argument, a ConfigMap entry): URL hosts
 * ({@code http://svc:8080/p}, {@code mongodb://u:p@a:1,b:2/db}), {@code host:port} and bare
 * DNS names, each on token boundaries so that {@code carts} is not found in {@code /carts/items},
 * {@code -Dspring.carts.enabled} or {@code cartsdb}.
 */
final class YamlValueReferences {
    /** One host named in a value; {@code labels} are its DNS labels, lower case. */
    record HostRef(String text, List<String> labels, boolean hasPort, boolean inUrl) {
        String first() {
            return labels.get(0);
        }

        /** {@code localhost} and IP addresses name no service. */
        boolean local() {
            return first().equals("localhost") || labels.stream().allMatch(l -> l.chars().allMatch(Character::isDigit));
        }
    }

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
    private static final String HOST = LABEL + "(?:\\." + LABEL + ")*";
    private static final Pattern URL = Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*(?::[A-Za-z][A-Za-z0-9+.-]*)*://"
            + "((?:[^/\\s?#\"'<>,@]*@)?[^/\\s?#\"'<>,]*(?:,(?![A-Za-z][A-Za-z0-9+.-]*://)[^/\\s?#\"'<>,]*)*)"
            + "[^\\s,;\"'<>]*");
    private static final Pattern AUTHORITY_HOST = Pattern.compile("(" + HOST + ")(:\\d{1,5})?\\.?");
    /*
     * Not after a letter, digit or one of . _ / @ $ % - (part of a longer word, a path, a flag or a
     * shell variable) and not before one of them or '=' (a key, not a value).
     */
    private static final Pattern BARE = Pattern.compile("(?<![A-Za-z0-9._/@$%-])(" + HOST + ")(:\\d{1,5})?"
            + "(?![A-Za-z0-9_=@-]|\\.[A-Za-z0-9])");

    private YamlValueReferences() {
    }

    static List<HostRef> find(String value) {
        List<HostRef> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        StringBuilder rest = new StringBuilder(value);
        Matcher url = URL.matcher(value);
        while (url.find()) {
            String authority = url.group(1);
            int at = authority.lastIndexOf('@');
            for (String hostPort : authority.substring(at + 1).split(",")) {
                Matcher h = AUTHORITY_HOST.matcher(hostPort.toLowerCase(Locale.ROOT));
                if (h.matches()) {
                    out.add(ref(hostPort, h.group(1), h.group(2) != null, true));
                }
            }
            for (int i = url.start(); i < url.end(); i++) {
                rest.setCharAt(i, ' ');
            }
        }
        Matcher bare = BARE.matcher(rest);
        while (bare.find()) {
            out.add(ref(bare.group(), bare.group(1), bare.group(2) != null, false));
        }
        return out;
    }

    private static HostRef ref(String text, String host, boolean hasPort, boolean inUrl) {
        return new HostRef(text, List.of(host.split("\\.")), hasPort, inUrl);
    }
}
