package io.centinela.tools;

import io.centinela.cli.CentinelaCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CentinelaCli.commandLine().execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8).strip();
        String all = "stdout:\n" + out.toString(StandardCharsets.UTF_8) + "\nstderr:\n" + e;
        assertEquals(2, code, all);
        List<String> lines = e.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr\n" + all);
        assertTrue(lines.get(0).contains("no-such-file.yaml"), "the line names the file\n" + all);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace, no exception names\n" + all);
    }
}
