package io.centinela.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files a {@code scan} reads: each named file as given, and under each named folder (recursively, in name
 * order) the files whose names say they hold events. Every name is checked before anything is loaded, so a typo
 * fails in a second with {@link NoSuchFileException} (one line, exit code 2), not after the rules have loaded.
 */
final class ScanInputs {

    /** File name endings a folder walk picks up; a file named on the command line is read whatever its name. */
    static final List<String> EXTENSIONS = List.of(".json", ".jsonl", ".ndjson", ".log", ".gz", ".zip", ".evtx");

    private ScanInputs() {
    }

    static List<Path> expand(List<Path> named) throws IOException {
        for (Path p : named) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path p : named) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(ScanInputs::looksLikeEvents).sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static boolean looksLikeEvents(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
