package dev.headroom.scenario;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens scenario files: strict UTF-8 (bad bytes are an error, not a silent U+FFFD), gzip by name. */
final class Sources {
    private static final int BUFFER = 1 << 16;

    private Sources() {
    }

    static InputStream stream(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, BUFFER) : in;
    }

    static Reader reader(Path file) throws IOException {
        return new InputStreamReader(stream(file), StandardCharsets.UTF_8.newDecoder());
    }
}
