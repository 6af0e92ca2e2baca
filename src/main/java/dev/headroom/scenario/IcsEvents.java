package dev.headroom.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads scheduled events from an iCalendar file (RFC 5545), such as a marketing or release
 * calendar exported from a calendar application. Each {@code VEVENT} becomes one event per
 * occurrence: its {@code SUMMARY} is the name (events of the same name share a learned effect),
 * {@code X-HEADROOM-SCOPE} the scope (a service, a region or {@code *}, default {@code *}) and
 * {@code X-HEADROOM-LOAD-FACTOR} an optional known effect. Recurrences ({@code RRULE} with
 * FREQ, INTERVAL, COUNT, UNTIL and, for weekly rules, BYDAY; {@code EXDATE}) are expanded up to a
 * given instant. Times with a {@code TZID} use that IANA zone; floating times and all-day dates
 * are read as UTC. Anything else the file uses that changes when an event happens (other BY
 * rules, RDATE) is refused with the line, rather than silently placing events at wrong times.
 */
public final class IcsEvents {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
    private static final int MAX_OCCURRENCES = 10_000;

    /**
     * One occurrence of a calendar event. {@code loadFactor} is empty when the calendar does not
     * say how much load the event brings: forecasting then learns it from past events of the
     * same name. {@code line} is where the event's {@code BEGIN:VEVENT} stands.
     */
    public record CalendarEvent(String name, Instant start, Instant end, String scope, OptionalDouble loadFactor,
                                int line) {
    }

    private IcsEvents() {
    }

    /**
     * @param expandUntil recurring events are expanded up to (excluding) this instant
     * @throws ScenarioException naming the file, line and property of anything it cannot read
     */
    public static List<CalendarEvent> read(Path file, Instant expandUntil) {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ScenarioException.unreadable(name, e);
        }
        return parse(name, text, expandUntil);
    }

    static List<CalendarEvent> parse(String file, String text, Instant expandUntil) {
        // checked on the raw text so that any other file gets this message, not a parse error
        if (!text.replace("\uFEFF", "").stripLeading().toUpperCase(Locale.ROOT).startsWith("BEGIN:VCALENDAR")) {
            throw ScenarioException.inFile(file, 1, "BEGIN", "the file does not start with BEGIN:VCALENDAR; "
                    + "is it an iCalendar (.ics) file?");
        }
        List<ContentLine> lines = unfold(file, text);
        List<CalendarEvent> events = new ArrayList<>();
        Map<String, String> props = null;
        Map<String, Integer> propLines = null;
        Map<String, Map<String, String>> params = null;
        List<ContentLine> exdates = null;
        int begin = 0;
        int depth = 0;
        for (ContentLine l : lines) {
            if (l.is("BEGIN", "VEVENT")) {
                props = new HashMap<>();
                propLines = new HashMap<>();
                params = new HashMap<>();
                exdates = new ArrayList<>();
                begin = l.line;
                depth = 0;
            } else if (props != null && l.is("END", "VEVENT")) {
                events.addAll(occurrences(file, begin, props, propLines, params, exdates, expandUntil));
                props = null;
            } else if (props != null && l.name.equals("BEGIN")) {
                depth++; // a VALARM inside the event: its properties are not the event's
            } else if (props != null && l.name.equals("END")) {
                depth--;
            } else if (props != null && depth == 0) {
                if (l.name.equals("EXDATE")) {
                    exdates.add(l);
                } else {
                    props.putIfAbsent(l.name, l.value);
                    propLines.putIfAbsent(l.name, l.line);
                    params.putIfAbsent(l.name, l.params);
                }
            }
        }
        if (props != null) {
            throw ScenarioException.inFile(file, begin, "END", "the event that starts here has no END:VEVENT");
        }
        events.sort((a, b) -> a.start().compareTo(b.start()));
        return events;
    }

    private static List<CalendarEvent> occurrences(String file, int begin, Map<String, String> props,
                                                   Map<String, Integer> lines, Map<String, Map<String, String>> params,
                                                   List<ContentLine> exdates, Instant expandUntil) {
        if (props.containsKey("RDATE")) {
            throw ScenarioException.inFile(file, lines.get("RDATE"), "RDATE",
                    "extra dates (RDATE) are not supported; list each date as its own event");
        }
        String summary = props.get("SUMMARY");
        if (summary == null || summary.isBlank()) {
            throw ScenarioException.inFile(file, begin, "SUMMARY", "the event has no SUMMARY (its name)");
        }
        if (!props.containsKey("DTSTART")) {
            throw ScenarioException.inFile(file, begin, "DTSTART", "the event \"" + summary + "\" has no DTSTART");
        }
        Instant start = time(file, lines.get("DTSTART"), "DTSTART", props.get("DTSTART"), params.get("DTSTART"));
        boolean allDay = "DATE".equalsIgnoreCase(params.get("DTSTART").get("VALUE"))
                || props.get("DTSTART").trim().length() == 8;
        Duration length;
        if (props.containsKey("DTEND")) {
            Instant end = time(file, lines.get("DTEND"), "DTEND", props.get("DTEND"), params.get("DTEND"));
            length = Duration.between(start, end);
        } else if (props.containsKey("DURATION")) {
            length = duration(file, lines.get("DURATION"), props.get("DURATION"));
        } else {
            // RFC 5545: an all-day event without an end lasts the day; a timed one is an instant
            length = allDay ? Duration.ofDays(1) : Duration.ZERO;
        }
        if (length.isNegative() || length.isZero()) {
            throw ScenarioException.inFile(file, begin, props.containsKey("DTEND") ? "DTEND" : "DURATION",
                    "the event \"" + summary + "\" ends before or when it starts; give it a positive length");
        }
        String scope = props.getOrDefault("X-HEADROOM-SCOPE", "*").trim();
        OptionalDouble factor = OptionalDouble.empty();
        if (props.containsKey("X-HEADROOM-LOAD-FACTOR")) {
            String v = props.get("X-HEADROOM-LOAD-FACTOR").trim();
            try {
                double f = Double.parseDouble(v);
                if (!(f > 0) || Double.isInfinite(f)) {
                    throw new NumberFormatException();
                }
                factor = OptionalDouble.of(f);
            } catch (NumberFormatException e) {
                throw ScenarioException.inFile(file, lines.get("X-HEADROOM-LOAD-FACTOR"), "X-HEADROOM-LOAD-FACTOR",
                        "\"" + v + "\" is not a positive number (e.g. 1.4 for 40 % more load)");
            }
        }
        Set<Instant> excluded = new HashSet<>();
        for (ContentLine ex : exdates) {
            for (String part : ex.value.split(",")) {
                excluded.add(time(file, ex.line, "EXDATE", part, ex.params));
            }
        }
        List<Instant> starts = props.containsKey("RRULE")
                ? expand(file, lines.get("RRULE"), props.get("RRULE"), start, zoneOf(params.get("DTSTART")), expandUntil)
                : List.of(start);
        List<CalendarEvent> out = new ArrayList<>();
        for (Instant s : starts) {
            if (!excluded.contains(s)) {
                out.add(new CalendarEvent(summary.trim(), s, s.plus(length), scope, factor, begin));
            }
        }
        return out;
    }

    /** Occurrence starts of a recurrence rule, in the start's zone so that daylight saving keeps the local time. */
    private static List<Instant> expand(String file, int line, String rule, Instant start, ZoneId zone,
                                        Instant expandUntil) {
        String freq = null;
        int interval = 1;
        int count = -1;
        Instant until = null;
        EnumSet<DayOfWeek> byDay = EnumSet.noneOf(DayOfWeek.class);
        for (String part : rule.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw ScenarioException.inFile(file, line, "RRULE", "\"" + part + "\" is not NAME=VALUE");
            }
            String key = kv[0].trim().toUpperCase(Locale.ROOT);
            String value = kv[1].trim();
            try {
                switch (key) {
                    case "FREQ" -> freq = value.toUpperCase(Locale.ROOT);
                    case "INTERVAL" -> interval = Integer.parseInt(value);
                    case "COUNT" -> count = Integer.parseInt(value);
                    case "UNTIL" -> until = time(file, line, "RRULE", value, Map.of());
                    case "BYDAY" -> {
                        for (String d : value.split(",")) {
                            byDay.add(weekday(file, line, d.trim()));
                        }
                    }
                    case "WKST" -> { }
                    default -> throw ScenarioException.inFile(file, line, "RRULE", "the rule part " + key
                            + " is not supported (supported: FREQ, INTERVAL, COUNT, UNTIL, BYDAY for weekly rules)");
                }
            } catch (NumberFormatException e) {
                throw ScenarioException.inFile(file, line, "RRULE", "\"" + value + "\" in " + key + " is not a whole number");
            }
        }
        if (interval < 1 || count == 0 || count < -1) {
            throw ScenarioException.inFile(file, line, "RRULE", "INTERVAL and COUNT must be at least 1");
        }
        if (freq == null || !Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY").contains(freq)) {
            throw ScenarioException.inFile(file, line, "RRULE",
                    "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not " + freq);
        }
        if (!byDay.isEmpty() && !freq.equals("WEEKLY")) {
            throw ScenarioException.inFile(file, line, "RRULE", "BYDAY is supported for weekly rules only");
        }
        ZonedDateTime first = start.atZone(zone);
        if (byDay.isEmpty()) {
            byDay.add(first.getDayOfWeek());
        }
        List<Instant> out = new ArrayList<>();
        for (int period = 0; out.size() < MAX_OCCURRENCES; period++) {
            List<ZonedDateTime> candidates = new ArrayList<>();
            switch (freq) {
                case "DAILY" -> candidates.add(first.plusDays((long) period * interval));
                case "MONTHLY" -> candidates.add(first.plusMonths((long) period * interval));
                case "YEARLY" -> candidates.add(first.plusYears((long) period * interval));
                default -> {
                    ZonedDateTime weekStart = first.plusWeeks((long) period * interval)
                            .minusDays(first.getDayOfWeek().getValue() - 1L);
                    for (DayOfWeek d : byDay) {
                        candidates.add(weekStart.plusDays(d.getValue() - 1L));
                    }
                }
            }
            boolean beyond = false;
            for (ZonedDateTime c : candidates) {
                Instant t = c.toInstant();
                if (t.isBefore(start)) {
                    continue;
                }
                if ((until != null && t.isAfter(until)) || !t.isBefore(expandUntil) || (count > 0 && out.size() >= count)) {
                    beyond = true;
                    break;
                }
                out.add(t);
            }
            if (beyond) {
                break;
            }
        }
        return out;
    }

    private static DayOfWeek weekday(String file, int line, String code) {
        return switch (code.toUpperCase(Locale.ROOT)) {
            case "MO" -> DayOfWeek.MONDAY;
            case "TU" -> DayOfWeek.TUESDAY;
            case "WE" -> DayOfWeek.WEDNESDAY;
            case "TH" -> DayOfWeek.THURSDAY;
            case "FR" -> DayOfWeek.FRIDAY;
            case "SA" -> DayOfWeek.SATURDAY;
            case "SU" -> DayOfWeek.SUNDAY;
            default -> throw ScenarioException.inFile(file, line, "RRULE", "BYDAY \"" + code
                    + "\" is not supported (use MO, TU, WE, TH, FR, SA or SU without a number)");
        };
    }

    private static ZoneId zoneOf(Map<String, String> params) {
        String tzid = params.get("TZID");
        if (tzid == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(tzid);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC; // reported by time() with the line
        }
    }

    private static Instant time(String file, int line, String field, String value, Map<String, String> params) {
        String v = value.trim();
        try {
            if (v.length() == 8) {
                return LocalDate.parse(v, DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z")) {
                return LocalDateTime.parse(v.substring(0, v.length() - 1), LOCAL).toInstant(ZoneOffset.UTC);
            }
            String tzid = params.get("TZID");
            ZoneId zone;
            try {
                zone = tzid == null ? ZoneOffset.UTC : ZoneId.of(tzid);
            } catch (DateTimeException e) {
                throw ScenarioException.inFile(file, line, field, "time zone \"" + tzid
                        + "\" is unknown; use an IANA name such as Europe/Berlin, or a UTC time ending in Z");
            }
            return LocalDateTime.parse(v, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw ScenarioException.inFile(file, line, field, "\"" + v
                    + "\" is not an iCalendar date (20261201) or date-time (20261201T180000Z)");
        }
    }

    private static Duration duration(String file, int line, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        try {
            // java.time reads PnDTnHnM but not weeks, which iCalendar allows on their own
            if (v.matches("[+-]?P\\d+W")) {
                int weeks = Integer.parseInt(v.replaceAll("[^0-9]", ""));
                return Duration.ofDays(7L * weeks).multipliedBy(v.startsWith("-") ? -1 : 1);
            }
            return Duration.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ScenarioException.inFile(file, line, "DURATION", "\"" + value
                    + "\" is not an iCalendar duration (e.g. PT4H, P1D, P1W)");
        }
    }

    private record ContentLine(String name, Map<String, String> params, String value, int line) {
        boolean is(String n, String v) {
            return name.equals(n) && value.trim().equalsIgnoreCase(v);
        }
    }

    /** Joins folded lines (a line break followed by a space or tab) and splits name, parameters and value. */
    private static List<ContentLine> unfold(String file, String text) {
        String[] raw = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<ContentLine> out = new ArrayList<>();
        StringBuilder current = null;
        int currentLine = 0;
        for (int i = 0; i < raw.length; i++) {
            String r = i == 0 && raw[i].startsWith("\uFEFF") ? raw[i].substring(1) : raw[i];
            if (!r.isEmpty() && (r.charAt(0) == ' ' || r.charAt(0) == '\t') && current != null) {
                current.append(r, 1, r.length());
                continue;
            }
            if (current != null) {
                out.add(contentLine(file, current.toString(), currentLine));
            }
            current = r.isBlank() ? null : new StringBuilder(r);
            currentLine = i + 1;
        }
        if (current != null) {
            out.add(contentLine(file, current.toString(), currentLine));
        }
        return out;
    }

    private static ContentLine contentLine(String file, String s, int line) {
        int colon = -1;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw ScenarioException.inFile(file, line, "", "\"" + abbreviate(s) + "\" is not an iCalendar line (NAME:VALUE)");
        }
        String[] head = s.substring(0, colon).split(";");
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < head.length; i++) {
            String[] kv = head[i].split("=", 2);
            params.put(kv[0].trim().toUpperCase(Locale.ROOT), kv.length == 2 ? kv[1].replace("\"", "").trim() : "");
        }
        return new ContentLine(head[0].trim().toUpperCase(Locale.ROOT), params, unescape(s.substring(colon + 1)), line);
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
                .replace("\\\\", "\\");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
