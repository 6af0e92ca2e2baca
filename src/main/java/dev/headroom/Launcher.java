package dev.headroom;

import dev.headroom.cli.HeadroomCli;
import dev.headroom.engine.Engine;
import dev.headroom.engine.Logs;
import dev.headroom.ui.app.Console;
import dev.headroom.ui.app.ConsoleBackend;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The jar's main class. It must not extend {@code javafx.application.Application}: a class-path
 * jar whose main class does fails with "JavaFX runtime components are missing". With a command it
 * runs headless; without one it opens the console.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        int code = HeadroomCli.run(args, Launcher::openConsole, out, err);
        System.exit(code);
    }

    private static void openConsole(Path dataDir) {
        Logs.toFiles(dataDir);
        Console.launch(progress -> {
            Engine engine = Engine.open(dataDir);
            try {
                engine.ensureSandbox(progress);
                return ConsoleBackend.of(engine);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        });
    }
}
