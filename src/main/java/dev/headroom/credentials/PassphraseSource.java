package dev.headroom.credentials;

import dev.headroom.domain.HeadroomException;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the passphrase of the encrypted secrets file comes from. Injected, so that tests and the
 * console (a dialog) can supply their own; the CLI uses {@link #standard()}.
 *
 * <p>Every call returns a fresh array the caller owns and wipes after deriving the key.
 */
@FunctionalInterface
public interface PassphraseSource {
    /** Environment variable holding the passphrase itself, for headless use (see docs/credentials.md for its risk). */
    String ENV_PASSPHRASE = "HEADROOM_PASSPHRASE";
    /** Environment variable naming a file whose content (first line) is the passphrase. */
    String ENV_PASSPHRASE_FILE = "HEADROOM_PASSPHRASE_FILE";

    /**
     * The passphrase for {@code file}.
     *
     * @param creating true when the file does not exist yet: a prompt should ask twice
     * @throws HeadroomException when there is no way to ask, or the operator gave none
     */
    char[] passphrase(Path file, boolean creating);

    /**
     * The passphrase from {@value #ENV_PASSPHRASE_FILE}, else {@value #ENV_PASSPHRASE}, else asked
     * on the terminal without echo; with none of them an operator message says how to give one.
     */
    static PassphraseSource standard() {
        return standard(System.getenv(), System.console());
    }

    static PassphraseSource standard(Map<String, String> env, Console console) {
        return (file, creating) -> {
            String fromFile = env.get(ENV_PASSPHRASE_FILE);
            if (fromFile != null && !fromFile.isBlank()) {
                return fromFile(Path.of(fromFile)).passphrase(file, creating);
            }
            String value = env.get(ENV_PASSPHRASE);
            if (value != null && !value.isEmpty()) {
                return environment(env).passphrase(file, creating);
            }
            return console(console).passphrase(file, creating);
        };
    }

    /** The passphrase in {@value #ENV_PASSPHRASE}. */
    static PassphraseSource environment(Map<String, String> env) {
        return (file, creating) -> {
            String value = env.get(ENV_PASSPHRASE);
            if (value == null || value.isEmpty()) {
                throw new HeadroomException("The secrets file " + file + " needs its passphrase, and "
                        + ENV_PASSPHRASE + " is not set. Set it, or run the command in a terminal to be asked.");
            }
            // the environment hands out a String, which cannot be wiped: the reason the file and the prompt come first
            return value.toCharArray();
        };
    }

    /**
     * The first line of {@code passphraseFile} (UTF-8, without its line end). The bytes read are
     * wiped; the file itself is the operator's to protect (mode 600, or a secrets mount).
     */
    static PassphraseSource fromFile(Path passphraseFile) {
        return (file, creating) -> {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(passphraseFile);
            } catch (NoSuchFileException e) {
                throw new HeadroomException("The passphrase file " + passphraseFile + " named by "
                        + ENV_PASSPHRASE_FILE + " does not exist. Create it, or unset " + ENV_PASSPHRASE_FILE + ".");
            } catch (IOException e) {
                throw new HeadroomException("Could not read the passphrase file " + passphraseFile + " ("
                        + e.getMessage() + "). Check that your user may read it.", e);
            }
            try {
                int end = 0;
                while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                    end++;
                }
                if (end == 0) {
                    throw new HeadroomException("The passphrase file " + passphraseFile + " is empty. Write the "
                            + "passphrase on its first line.");
                }
                return decodeUtf8(bytes, end, passphraseFile);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        };
    }

    /** Asks on {@code console} without echo; twice when creating. {@code console} may be null (no terminal). */
    static PassphraseSource console(Console console) {
        return (file, creating) -> {
            if (console == null) {
                throw new HeadroomException("The secrets file " + file + " needs its passphrase, and there is no "
                        + "terminal to ask for it. Set " + ENV_PASSPHRASE_FILE + " to a file holding it (or "
                        + ENV_PASSPHRASE + "), or run the command in a terminal.");
            }
            String verb = creating ? "Choose a passphrase for the new secrets file " : "Passphrase for ";
            char[] first = console.readPassword("%s%s: ", verb, file);
            if (first == null || first.length == 0) {
                throw new HeadroomException("No passphrase was entered, so the secrets file " + file
                        + " stays closed. Run the command again and enter it.");
            }
            if (!creating) {
                return first;
            }
            char[] again = console.readPassword("Enter it again: ");
            try {
                if (again == null || !Arrays.equals(first, again)) {
                    Arrays.fill(first, '\0');
                    throw new HeadroomException("The two passphrases differ, so no secrets file was created. Run "
                            + "the command again.");
                }
                return first;
            } finally {
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
            }
        };
    }

    private static char[] decodeUtf8(byte[] bytes, int length, Path where) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new HeadroomException("The passphrase file " + where + " is not UTF-8 text. Write the passphrase "
                    + "as UTF-8.");
        }
        char[] result = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return result;
    }
}
