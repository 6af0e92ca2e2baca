package dev.headroom.domain;

import java.util.regex.Pattern;

/** Validation helpers shared by the domain records; each failure names the field. */
public final class Check {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Check() {
    }

    /** An identifier: letters, digits and {@code . _ : @ -}, 1–128 characters, no spaces. */
    public static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DomainException(field, "is empty");
        }
        if (!ID.matcher(value).matches()) {
            throw new DomainException(field, "\"" + value + "\" is not a valid identifier "
                    + "(use letters, digits, '.', '_', ':', '@' or '-', at most 128 characters)");
        }
        return value;
    }

    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DomainException(field, "is empty");
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new DomainException(field, "is missing");
        }
        return value;
    }

    public static double finiteNonNegative(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new DomainException(field, value + " must be a finite number >= 0");
        }
        return value;
    }

    public static double positive(String field, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new DomainException(field, value + " must be a finite number > 0");
        }
        return value;
    }

    public static double fraction(String field, double value) {
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            throw new DomainException(field, value + " must be between 0 and 1");
        }
        return value;
    }
}
