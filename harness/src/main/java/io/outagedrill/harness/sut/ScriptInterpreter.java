package io.outagedrill.harness.sut;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The interpreter a script names on its {@code #!} line, looked for as the kernel looks for it when the script is
 * run: an absolute path as it is; a relative one ({@code #!./venv/bin/python}) from the working folder of the process
 * being started, which for a {@code cmd:} download is its download's folder ({@code {dir}}), not the folder the
 * harness runs in. A script whose interpreter is not there fails to start with "No such file or directory" of the
 * script itself, which is there: a message that points at the wrong file.
 *
 * @param program     the script as the template names it, for messages
 * @param interpreter the first word of its {@code #!} line
 * @param line        the whole {@code #!} line after {@code #!}, as the kernel reads it (to the newline)
 */
record ScriptInterpreter(String program, String interpreter, String line) {
    /** As much of a script's start as the kernel reads for its {@code #!} line (Linux: 256 bytes since 5.1). */
    private static final int HEAD = 256;

    /**
     * The interpreter on the {@code #!} line of {@code script}; empty for a file that has none (a binary) or that
     * cannot be read (executable but not readable: the kernel alone can say whether it runs).
     */
    static Optional<ScriptInterpreter> of(String program, Path script) {
        byte[] start;
        try (InputStream in = Files.newInputStream(script)) {
            start = in.readNBytes(HEAD);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        String head = new String(start, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("#!")) {
            return Optional.empty();
        }
        // As the kernel reads it: the line ends at a newline alone, and only spaces and tabs separate or surround
        // its words. A carriage return (a script saved with Windows line endings) is part of the interpreter's name,
        // which is then not there, and the kernel says "No such file or directory" of the script.
        int end = head.indexOf('\n');
        String line = head.substring(2, end < 0 ? head.length() : end).replaceAll("^[ \t]+", "");
        String first = line.split("[ \t]", 2)[0];
        return first.isEmpty() ? Optional.empty() : Optional.of(new ScriptInterpreter(program, first, line));
    }

    /** The interpreter as it can be printed: a carriage return written as {@code \r}. */
    private String named() {
        return interpreter.replace("\r", "\\r");
    }

    /** What to do about an interpreter's name that ends in a carriage return; nothing for any other. */
    private String lineEndings() {
        return interpreter.endsWith("\r") ? " (the script has Windows line endings, so its #! line ends in a carriage "
                + "return the kernel takes as part of the name; convert it with dos2unix or sed -i 's/\\r$//')" : "";
    }

    /**
     * A {@code #!} line with Windows line endings whose interpreter is there but whose last word ends in a carriage
     * return ({@code #!/usr/bin/env python3\r}): the interpreter is started and fails on that word, for every
     * download, in its own words ("/usr/bin/env: use -[v]S to pass options in shebang lines"). Where the
     * interpreter's own name ends in it, {@link #lineEndings} says so with the name.
     */
    private Optional<String> argumentEndsInCarriageReturn() {
        if (!line.endsWith("\r") || interpreter.endsWith("\r")) {
            return Optional.empty();
        }
        return Optional.of(("%s's #! line (#!%s) ends in a carriage return: the script has Windows line endings, and "
                + "the kernel passes the return to %s as part of the last word; convert it with dos2unix or "
                + "sed -i 's/\\r$//'").formatted(program, line.replace("\r", "\\r"), interpreter));
    }

    boolean relative() {
        return !Path.of(interpreter).isAbsolute();
    }

    /**
     * Why the script cannot start before its download's folder exists (the check before a run): an absolute
     * interpreter that is not there, or any relative one. That folder is made new and empty for each download, just
     * before its program starts, so a relative interpreter is looked for where nothing is; the one that made the
     * user write it, in the folder drill runs in, is never seen by the kernel.
     */
    Optional<String> missingBeforeTheRun() {
        Optional<String> carriageReturn = argumentEndsInCarriageReturn();
        if (carriageReturn.isPresent()) {
            return carriageReturn;
        }
        if (!relative()) {
            return Files.exists(Path.of(interpreter)) ? Optional.empty()
                    : Optional.of("%s names the interpreter %s on its #! line, which is not there%s".formatted(program,
                            named(), lineEndings()));
        }
        Path here = Path.of("").toAbsolutePath();
        Path fromHere = here.resolve(interpreter).normalize();
        return Optional.of(("%s names the relative interpreter %s on its #! line; the kernel looks for it from the "
                + "folder the program runs in, its download's folder ({dir}), made empty for each download, not from "
                + "%s, where drill runs; name it by its absolute path (#!%s) or through env (#!/usr/bin/env %s)")
                .formatted(program, interpreter, here, fromHere, Path.of(interpreter).getFileName()));
    }

    /**
     * Why the script cannot start in {@code workingFolder}, the folder its process is given: its interpreter is not
     * there, resolved from that folder as the kernel resolves it. Checked just before the process starts, so the
     * download fails naming the interpreter rather than with "No such file or directory" of the script.
     */
    Optional<String> missingIn(Path workingFolder) {
        Optional<String> carriageReturn = argumentEndsInCarriageReturn();
        if (carriageReturn.isPresent()) {
            return carriageReturn;
        }
        Path looked = workingFolder.resolve(interpreter);
        if (Files.exists(looked)) {
            return Optional.empty();
        }
        if (!relative()) {
            return Optional.of("%s names the interpreter %s on its #! line, which is not there%s".formatted(program,
                    named(), lineEndings()));
        }
        return Optional.of(("%s names the relative interpreter %s on its #! line, looked for as %s (from %s, the "
                + "folder the program runs in), which is not there").formatted(program, interpreter, looked,
                workingFolder));
    }
}
