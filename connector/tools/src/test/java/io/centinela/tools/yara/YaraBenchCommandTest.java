package io.centinela.tools.yara;

import io.centinela.cli.CentinelaCli;
import io.centinela.testkit.ConsoleCapture;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraBenchCommandTest {

    private static ConsoleCapture.Captured run(String... args) {
        return ConsoleCapture.run(() -> CentinelaCli.commandLine().execute(args));
    }

    private static java.nio.file.Path yaraData() {
        return SharedData.yara();
    }

    @Test
    void benchPrintsBindingNextToTheReference() {
        ConsoleCapture.Captured r = run("yara", "bench", "--data", yaraData().toString(), "--seconds", "0.3", "--sets", "synth100",
                "--sizes", "1024", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String row = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("| synth100")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out() + r.err()));
        String[] cells = row.split("\\|");
        double ratio = Double.parseDouble(cells[8].trim());
        assertTrue(ratio > 0.2 && ratio < 5, "binding/reference ratio " + ratio + " in " + row);
    }
}
