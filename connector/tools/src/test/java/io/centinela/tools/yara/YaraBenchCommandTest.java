package io.centinela.tools.yara;

import io.centinela.cli.CentinelaCli;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraBenchCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CentinelaCli.commandLine().execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static java.nio.file.Path yaraData() {
        return SharedData.yara();
    }

    @Test
    void benchPrintsBindingNextToTheReference() {
        Run r = run("yara", "bench", "--data", yaraData().toString(), "--seconds", "0.3", "--sets", "synth100",
                "--sizes", "1024", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String row = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("| synth100")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out() + r.err()));
        String[] cells = row.split("\\|");
        double ratio = Double.parseDouble(cells[8].trim());
        assertTrue(ratio > 0.2 && ratio < 5, "binding/reference ratio " + ratio + " in " + row);
    }
}
