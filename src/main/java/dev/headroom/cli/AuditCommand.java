package dev.headroom.cli;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditExport;
import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditVerification;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The hash-chained audit log: verify it, export it. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit log of approvals, launches, steps and operator actions: verify its hash chain, "
                + "export it.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Walk the hash chain from the first record and report the first broken one.",
                "Prints the head (SEQ:HASH) when intact: keep it, and pass it to a later verify with --checkpoint "
                    + "to show that no record was removed from the end since."},
            footer = {"", "Exit codes: 0 intact, 1 broken (the message names the record), 2 usage error."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--checkpoint", paramLabel = "SEQ:HASH",
                description = "A head printed by an earlier verify; it must still be in the log, unchanged.")
        String checkpoint;
        @Option(names = "--file", paramLabel = "FILE",
                description = "Verify a JSON-lines export instead of the database.")
        Path file;

        @Override
        public Integer call() {
            Optional<AuditChain.Checkpoint> cp = Optional.ofNullable(checkpoint).map(AuditChain.Checkpoint::parse);
            AuditVerification v;
            if (file != null) {
                v = AuditChain.verify(read(file), cp);
            } else {
                try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                    v = engine.audit().verify(cp);
                }
            }
            if (!v.intact()) {
                throw new HeadroomException((file == null ? "" : file + ": ") + v.message());
            }
            spec.commandLine().getOut().println(v.message());
            spec.commandLine().getOut().flush();
            return HeadroomCli.OK;
        }

        private static List<AuditRecord> read(Path file) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return AuditExport.readJsonLines(in, file.toString());
            } catch (NoSuchFileException e) {
                throw new HeadroomException("No file " + file + ". Give an export written by \"headroom audit export "
                        + "--format json\".");
            } catch (IOException e) {
                throw new HeadroomException("Could not read " + file + " (" + e.getMessage() + ").", e);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the audit log as JSON lines or CSV, every field with its hashes.",
                "An unfiltered JSON export can be verified later with: headroom audit verify --file FILE"})
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--format", defaultValue = "json", description = "json (one record per line) or csv.")
        AuditExport.Format format;
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path out;
        @Option(names = "--account", paramLabel = "NAME", description = "Only this account's records.")
        String account;
        @Option(names = "--kind", paramLabel = "KIND",
                description = "Only records of this kind (approval, revoke, scenario, graph, …).")
        String kind;

        @Override
        public Integer call() {
            AuditFilter filter = new AuditFilter(Optional.ofNullable(account), Optional.ofNullable(kind));
            List<AuditRecord> records;
            try (Engine engine = parent.parent.openEngine(spec.commandLine().getErr())) {
                records = engine.audit().records(filter);
            }
            if (out == null) {
                AuditExport.write(records, format, spec.commandLine().getOut());
                return HeadroomCli.OK;
            }
            Path target = out.toAbsolutePath().normalize();
            Path part = null;
            try {
                Files.createDirectories(target.getParent());
                // written beside the target and moved over it, so an interrupted export leaves no half file
                part = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
                try (Writer w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                    AuditExport.write(records, format, w);
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UncheckedIOException e) {
                deleteQuietly(part, e);
                throw new HeadroomException("Could not write " + target + " (" + e.getMessage() + "); nothing was "
                        + "exported. Check the folder exists and is writable.", e);
            }
            spec.commandLine().getErr().println("Exported " + records.size() + " audit records to " + target + ".");
            spec.commandLine().getErr().flush();
            return HeadroomCli.OK;
        }

        private static void deleteQuietly(Path part, Exception failure) {
            if (part == null) {
                return;
            }
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
