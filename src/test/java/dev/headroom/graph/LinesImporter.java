package dev.headroom.graph;

import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test importer of {@code .edges} files: {@code from -> to [weight]} per line,
 * {@code service NAME} for a lone service, {@code #} for comments. Anything else fails with the line.
 */
public final class LinesImporter implements GraphImporter {
    @Override
    public String name() {
        return "lines";
    }

    @Override
    public boolean accepts(Path file) {
        return file.getFileName().toString().endsWith(".edges");
    }

    @Override
    public GraphImport read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String source = file.getFileName().toString();
        List<DiscoveredService> services = new ArrayList<>();
        List<Dependency> edges = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).trim().split("\\s+");
            String at = source + ":" + (i + 1);
            try {
                if (words[0].isEmpty() || words[0].startsWith("#")) {
                    notes.add(at + " skipped");
                } else if (words.length == 2 && words[0].equals("service")) {
                    services.add(DiscoveredService.named(words[1], "lines", at));
                } else if ((words.length == 3 || words.length == 4) && words[1].equals("->")) {
                    double weight = words.length == 4 ? Double.parseDouble(words[3]) : 0;
                    edges.add(new Dependency(words[0], words[2], weight, at));
                } else {
                    throw new GraphImportException(source, i + 1, "expected \"from -> to [weight]\"");
                }
            } catch (NumberFormatException | DomainException e) {
                throw new GraphImportException(source, i + 1, e.getMessage(), e);
            }
        }
        return new GraphImport(source, services, edges, notes);
    }
}
