package dev.headroom.scenario;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Text forms of numbers and times in scenario files. Writing and reading are exact inverses for
 * everything written: {@code parseNumber(formatNumber(x)) == x} bit for bit, and
 * {@code formatNumber(parseNumber(s)).equals(s)} for every {@code s} that {@code formatNumber} produces.
 */
final class Values {
    private Values() {
    }

    /**
     * The shortest decimal that reads back as {@code x}, never in scientific notation, so that
     * spreadsheets and diff tools see plain numbers ({@code 2}, {@code 0.0001}, {@code 12500000}).
     */
    static String formatNumber(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot write " + x + " to a scenario file");
        }
        if (x == 0) {
            // BigDecimal has no negative zero; "-0" reads back as -0.0.
            return 1 / x < 0 ? "-0" : "0";
        }
        String s = Double.toString(x);
        if (s.indexOf('E') < 0) {
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    /**
     * A decimal number: optional sign, digits with an optional fraction, optional exponent.
     * Returns {@code NaN} for anything else, including {@code NaN}, {@code Infinity}, hex and the
     * {@code d}/{@code f} suffixes that {@link Double#parseDouble} would accept. (NaN rather than
     * null keeps millions of metric samples unboxed.)
     */
    static double parseNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** {@code 2026-11-22T16:00:00Z}; fractions of a second only when present. */
    static String formatTime(Instant t) {
        return t.toString();
    }

    /**
     * An ISO-8601 date-time with a zone offset ({@code Z} or {@code +01:00}). Returns {@code null}
     * when the text is not one. The common {@code yyyy-MM-ddTHH:mm:ssZ} form is parsed by hand
     * because metric files repeat it millions of times.
     */
    static Instant parseTime(String s) {
        if (s.length() == 20 && s.charAt(19) == 'Z') {
            long epoch = parseUtcSeconds(s);
            if (epoch != Long.MIN_VALUE) {
                return Instant.ofEpochSecond(epoch);
            }
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Epoch seconds of {@code yyyy-MM-ddTHH:mm:ssZ}, or {@link Long#MIN_VALUE} when not that form. */
    static long parseUtcSeconds(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return days * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
