package dev.headroom.ui.audit;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditExport;
import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.audit.AuditVerification;
import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Problems;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Audit section: the audit log's records, newest first, narrowed by kind, account, actor, a
 * text in subject or detail and a time range; verifying the hash chain and exporting what is
 * shown. Reading, verifying and writing run in the background.
 */
public final class AuditViewModel {
    /** The choice that matches every kind, account or actor. */
    public static final String ALL = "all";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AuditService audit;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private List<AuditRecord> all = List.of();
    private final ObservableList<AuditRecord> rows = FXCollections.observableArrayList();
    private final ObservableList<String> kinds = FXCollections.observableArrayList();
    private final ObservableList<String> accounts = FXCollections.observableArrayList(ALL);
    private final ObservableList<String> actors = FXCollections.observableArrayList(ALL);
    private final StringProperty kind = new SimpleStringProperty(this, "kind", ALL);
    private final StringProperty account = new SimpleStringProperty(this, "account", ALL);
    private final StringProperty actor = new SimpleStringProperty(this, "actor", ALL);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final StringProperty from = new SimpleStringProperty(this, "from", "");
    private final StringProperty to = new SimpleStringProperty(this, "to", "");
    private final ReadOnlyStringWrapper timeError = new ReadOnlyStringWrapper(this, "timeError", "");
    private final ReadOnlyStringWrapper rowCountText = new ReadOnlyStringWrapper(this, "rowCountText", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final StringProperty checkpoint = new SimpleStringProperty(this, "checkpoint", "");
    private final ReadOnlyStringWrapper checkpointError = new ReadOnlyStringWrapper(this, "checkpointError", "");
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper(this, "verifying");
    private final ReadOnlyStringWrapper verification = new ReadOnlyStringWrapper(this, "verification", "");
    private final ReadOnlyBooleanWrapper broken = new ReadOnlyBooleanWrapper(this, "broken");

    public AuditViewModel(AuditService audit, BackgroundRunner runner, Problems problems, Activity activity) {
        this.audit = audit;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        kinds.add(ALL);
        for (AuditKind k : AuditKind.values()) {
            kinds.add(k.label());
        }
        for (Observable o : List.of(kind, account, actor, text, from, to)) {
            o.addListener(x -> apply());
        }
        checkpoint.addListener(x -> checkpointError.set(""));
        apply();
    }

    // ---------------------------------------------------------------- reading

    /** Reads the whole log again in the background; the filters stay as they are. */
    public void load() {
        loading.set(true);
        Runnable done = activity.begin("Reading the audit log…");
        runner.run(() -> audit.records(AuditFilter.ALL), records -> {
            done.run();
            loading.set(false);
            show(records);
            loaded.set(true);
        }, failure -> {
            done.run();
            loading.set(false);
            loaded.set(true);
            problems.report(failure, this::load);
        });
    }

    private void show(List<AuditRecord> records) {
        List<AuditRecord> newestFirst = new ArrayList<>(records);
        newestFirst.sort(Comparator.comparingLong(AuditRecord::seq).reversed());
        String oldHead = all.isEmpty() ? "" : all.get(0).hash();
        all = List.copyOf(newestFirst);
        if (!(all.isEmpty() ? "" : all.get(0).hash()).equals(oldHead)) {
            // the outcome was about the log as it was; the operator verifies the new one again
            verification.set("");
            broken.set(false);
        }
        choices(accounts, account, all.stream().map(AuditRecord::account).toList());
        choices(actors, actor, all.stream().map(AuditRecord::actor).toList());
        apply();
    }

    /** {@code "all"} and the distinct values, sorted; a chosen value no longer present is kept, so the filter holds. */
    private static void choices(ObservableList<String> list, StringProperty chosen, List<String> values) {
        TreeSet<String> distinct = new TreeSet<>(values);
        if (chosen.get() != null && !ALL.equals(chosen.get())) {
            distinct.add(chosen.get());
        }
        List<String> next = new ArrayList<>();
        next.add(ALL);
        next.addAll(distinct);
        if (!next.equals(list)) {
            // a choice box bound to the property clears its value while its items are replaced
            String keep = chosen.get() == null ? ALL : chosen.get();
            list.setAll(next);
            chosen.set(keep);
        }
    }

    // ---------------------------------------------------------------- filters

    private void apply() {
        Optional<Instant> since;
        Optional<Instant> until;
        try {
            since = time("From", from.get(), false);
            until = time("To", to.get(), true);
            if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
                throw new HeadroomException("\"From\" is after \"To\", so no record can match. Swap the two times.");
            }
            timeError.set("");
        } catch (HeadroomException e) {
            // the table keeps the rows of the last valid range until the field is corrected
            timeError.set(e.operatorMessage());
            return;
        }
        String k = choice(kind);
        String a = choice(account);
        String who = choice(actor);
        List<String> words = words(text.get());
        List<AuditRecord> shown = all.stream()
                .filter(r -> k == null || k.equals(r.kind()))
                .filter(r -> a == null || a.equals(r.account()))
                .filter(r -> who == null || who.equals(r.actor()))
                .filter(r -> words.stream().allMatch(w -> contains(r.subject(), w) || contains(r.detail(), w)))
                .filter(r -> within(r, since, until))
                .toList();
        rows.setAll(shown);
        rowCountText.set(shown.size() == all.size()
                ? all.size() + (all.size() == 1 ? " record" : " records")
                : shown.size() + " of " + all.size() + " records");
    }

    private static String choice(StringProperty p) {
        String v = p.get();
        return v == null || v.isBlank() || ALL.equals(v) ? null : v;
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return List.of(s.strip().toLowerCase(Locale.ROOT).split("\\s+"));
    }

    private static boolean contains(String field, String word) {
        return field.toLowerCase(Locale.ROOT).contains(word);
    }

    /** A record whose stored time cannot be read matches no time range (it shows when no range is set). */
    private static boolean within(AuditRecord r, Optional<Instant> since, Optional<Instant> until) {
        if (since.isEmpty() && until.isEmpty()) {
            return true;
        }
        Instant at;
        try {
            at = Instant.parse(r.at());
        } catch (DateTimeParseException e) {
            return false;
        }
        return since.map(s -> !at.isBefore(s)).orElse(true) && until.map(u -> at.isBefore(u)).orElse(true);
    }

    /**
     * Reads a time field (UTC): {@code 2026-11-22 18:00}, {@code 2026-11-22T18:00:00Z} or a day
     * {@code 2026-11-22}. As the end of a range a day or minute includes itself, so "To 2026-11-22"
     * covers that whole day.
     *
     * @return the instant the range starts at, or ends before; empty for a blank field
     */
    static Optional<Instant> time(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            Instant at = Instant.parse(v);
            return Optional.of(end ? at.plusMillis(1) : at);
        } catch (DateTimeParseException notInstant) {
            // try the shorter forms
        }
        try {
            Instant at = LocalDateTime.parse(v.replace('T', ' '), MINUTE).toInstant(ZoneOffset.UTC);
            return Optional.of(end ? at.plus(1, ChronoUnit.MINUTES) : at);
        } catch (DateTimeParseException notMinute) {
            // try a day
        }
        try {
            Instant at = LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            return Optional.of(end ? at.plus(1, ChronoUnit.DAYS) : at);
        } catch (DateTimeParseException notDay) {
            throw new HeadroomException("\"" + field + "\" is not a time: \"" + v + "\". Give a UTC time as "
                    + "2026-11-22 18:00, or a day as 2026-11-22, or leave it empty.");
        }
    }

    /** Clears every filter: all records show. */
    public void clearFilters() {
        kind.set(ALL);
        account.set(ALL);
        actor.set(ALL);
        text.set("");
        from.set("");
        to.set("");
    }

    // ---------------------------------------------------------------- verify

    /**
     * Walks the whole chain in the background (all records, whatever the filters show), against the
     * checkpoint when one is given.
     */
    public void verify() {
        Optional<AuditChain.Checkpoint> cp;
        String typed = checkpoint.get() == null ? "" : checkpoint.get().strip();
        try {
            cp = typed.isEmpty() ? Optional.empty() : Optional.of(AuditChain.Checkpoint.parse(typed));
        } catch (HeadroomException e) {
            checkpointError.set(e.operatorMessage());
            return;
        }
        checkpointError.set("");
        verifying.set(true);
        Runnable done = activity.begin("Verifying the audit log's hash chain…");
        runner.run(() -> audit.verify(cp), v -> {
            done.run();
            verifying.set(false);
            broken.set(!v.intact());
            verification.set(message(v));
            activity.tell(v.intact() ? "Audit chain intact" : "Audit chain broken at record " + v.brokenAt().orElse(0L));
        }, failure -> {
            done.run();
            verifying.set(false);
            problems.report(failure, this::verify);
        });
    }

    /** What the page shows after a verification. */
    static String message(AuditVerification v) {
        if (v.intact()) {
            String head = v.headCheckpoint().map(Object::toString).orElse("none (the log is empty)");
            return "Chain intact: " + v.intactRecords() + (v.intactRecords() == 1 ? " record" : " records")
                    + ", head " + head + v.head().map(h -> " at " + h.at()).orElse("")
                    + v.checkpoint().map(c -> "; checkpoint " + c.seq() + " found unchanged").orElse("")
                    + ". Note the head: records removed from the end leave a whole chain, and only a checkpoint "
                    + "shows they were.";
        }
        String m = v.message();
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    // ---------------------------------------------------------------- export

    /** Writes the records shown, in number order, as CSV (see {@link AuditExport}). */
    public void exportCsv(Path file) {
        export(file, AuditExport.Format.csv);
    }

    /** Writes the records shown, in number order, as JSON lines (see {@link AuditExport}). */
    public void exportJson(Path file) {
        export(file, AuditExport.Format.json);
    }

    /** A file name to offer: "audit.csv", "audit-approval.jsonl". */
    public String exportName(AuditExport.Format format) {
        String k = choice(kind);
        return "audit" + (k == null ? "" : "-" + k) + (format == AuditExport.Format.csv ? ".csv" : ".jsonl");
    }

    /** The text of an export of {@code records}: in number order, as the chain and the CLI's export have them. */
    static String exportText(List<AuditRecord> records, AuditExport.Format format) {
        List<AuditRecord> inOrder = new ArrayList<>(records);
        inOrder.sort(Comparator.comparingLong(AuditRecord::seq));
        StringWriter out = new StringWriter();
        AuditExport.write(inOrder, format, out);
        return out.toString();
    }

    private void export(Path file, AuditExport.Format format) {
        if (file == null) {
            return;
        }
        List<AuditRecord> shown = List.copyOf(rows);
        Runnable done = activity.begin("Writing " + file.getFileName() + "…");
        runner.run(() -> {
            try {
                Files.writeString(file, exportText(shown, format));
            } catch (IOException e) {
                throw new HeadroomException("Could not write the audit records to " + file + ": " + ioReason(e)
                        + ". Choose a folder you can write to and export again.", e);
            }
            return file;
        }, written -> {
            done.run();
            activity.tell(shown.size() + (shown.size() == 1 ? " audit record" : " audit records") + " written to "
                    + written);
        }, failure -> {
            done.run();
            problems.report(failure, () -> export(file, format));
        });
    }

    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Records as tab-separated lines with a header, for the clipboard (pastes into a spreadsheet). */
    public static String clipboardText(List<AuditRecord> records) {
        StringBuilder sb = new StringBuilder(String.join("\t", AuditExport.COLUMNS)).append('\n');
        for (AuditRecord r : records) {
            sb.append(String.join("\t", List.of(Long.toString(r.seq()), r.at(), r.account(), r.actor(), r.kind(),
                    flat(r.subject()), flat(r.detail()), r.prevHash(), r.hash()))).append('\n');
        }
        return sb.toString();
    }

    private static String flat(String s) {
        return s.replaceAll("[\\t\\r\\n]+", " ");
    }

    // ---------------------------------------------------------------- properties

    /** The records that match the filters, newest first. */
    public ObservableList<AuditRecord> rows() {
        return rows;
    }

    public ObservableList<String> kinds() {
        return kinds;
    }

    public ObservableList<String> accounts() {
        return accounts;
    }

    public ObservableList<String> actors() {
        return actors;
    }

    public StringProperty kindProperty() {
        return kind;
    }

    public StringProperty accountProperty() {
        return account;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    /** Words that must all occur in the subject or the detail, in any case. */
    public StringProperty textProperty() {
        return text;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    /** Why the time range is not accepted; empty when it is. */
    public ReadOnlyStringProperty timeErrorProperty() {
        return timeError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rowCountTextProperty() {
        return rowCountText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once the log was read (or reading it failed) at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** A head noted earlier, {@code SEQ:HASH}, that the next verification checks; may be empty. */
    public StringProperty checkpointProperty() {
        return checkpoint;
    }

    public ReadOnlyStringProperty checkpointErrorProperty() {
        return checkpointError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty verifyingProperty() {
        return verifying.getReadOnlyProperty();
    }

    /** The outcome of the last verification; empty before the first. */
    public ReadOnlyStringProperty verificationProperty() {
        return verification.getReadOnlyProperty();
    }

    /** True when the last verification found the chain broken or cut short. */
    public ReadOnlyBooleanProperty brokenProperty() {
        return broken.getReadOnlyProperty();
    }
}
