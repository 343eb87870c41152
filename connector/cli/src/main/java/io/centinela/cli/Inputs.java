package io.centinela.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Checks a command's input paths before it starts anything (a broker, a model, thousands of rules), so a typo
 * costs one line and exit code 2 (see {@link UserErrors}), not a half-started run.
 */
public final class Inputs {

    private Inputs() {
    }

    /** Every non-null path must exist; {@code what} names it in the error ("events file", "rule folder"). */
    public static void requireExisting(String what, Collection<Path> paths) throws NoSuchFileException {
        if (paths == null) {
            return;
        }
        for (Path p : paths) {
            requireExisting(what, p);
        }
    }

    public static void requireExisting(String what, Path p) throws NoSuchFileException {
        if (p != null && !Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "no such " + what);
        }
    }
}
