package io.centinela.tools;

import io.centinela.cli.CentinelaCli;
import io.centinela.testkit.ConsoleCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that reads a file answers a missing one with exactly one line on stderr that names it, and exit
 * code 2: no Java stack trace for an ordinary mistake.
 */
class MissingFileTest {

    @TempDir
    static Path tmp;
    static String missing;
    static String events;
    static String emptyDir;

    @BeforeAll
    static void files() throws Exception {
        missing = tmp.resolve("no-such-file.yaml").toString();
        Path ev = tmp.resolve("events.jsonl");
        Files.writeString(ev, "{\"message\":\"hello\"}\n");
        events = ev.toString();
        emptyDir = Files.createDirectories(tmp.resolve("empty")).toString();
    }

    static List<List<String>> commands() {
        String m = "@MISSING@";
        List<List<String>> c = new ArrayList<>();
        c.add(List.of("run", "--config", m));
        c.add(List.of("rules", "check", "--config", m));
        c.add(List.of("normalize", m));
        c.add(List.of("scan", m));
        c.add(List.of("scan", "--no-model", "--sigma-dir", m, "@EVENTS@"));
        c.add(List.of("sigma", "check", m));
        c.add(List.of("sigma", "scan", "--rules", m, "@EVENTS@"));
        c.add(List.of("sigma", "scan", "--rules", "@EMPTY@", m));
        c.add(List.of("sigma", "check", "--mapping", m, "@EMPTY@"));
        c.add(List.of("yara", "scan", "--rules", m, "@EVENTS@"));
        c.add(List.of("yara", "scan", m));
        c.add(List.of("eval", "--model", m));
        c.add(List.of("eval", "--data", m));
        c.add(List.of("train", "--train", m, "--dev", m));
        c.add(List.of("bench", "model", "--model", m));
        c.add(List.of("bench", "pipeline", "--sigma-dir", m));
        c.add(List.of("demo", "--sigma-dir", m));
        c.add(List.of("sigma", "bench", "--shared", m));
        c.add(List.of("yara", "bench", "--data", m));
        c.add(List.of("feedback", "pull", "--from", m, "--alerts", "@EVENTS@", "--out", "@EMPTY@/f.jsonl"));
        c.add(List.of("feedback", "pull", "--from", "@EVENTS@", "--alerts", m, "--out", "@EMPTY@/f.jsonl"));
        c.add(List.of("train", "--feedback", m));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void oneLineAndExitCode2(List<String> template) {
        String[] args = template.stream().map(a -> a.replace("@MISSING@", missing).replace("@EVENTS@", events)
                .replace("@EMPTY@", emptyDir)).toArray(String[]::new);
        ConsoleCapture.Captured c = ConsoleCapture.run(() -> CentinelaCli.commandLine().execute(args));
        int code = c.code();
        String e = c.err().strip();
        String all = c.transcript();
        assertEquals(2, code, all);
        List<String> lines = e.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr\n" + all);
        assertTrue(lines.get(0).contains("no-such-file.yaml"), "the line names the file\n" + all);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace, no exception names\n" + all);
    }
}
