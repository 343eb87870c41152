package io.centinela.cli.yara;

import io.centinela.cli.CentinelaCli;
import io.centinela.testkit.ConsoleCapture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class YaraCliTest {

    private static Path yaraData() {
        Path dir = Path.of(System.getProperty("centinela.shared", "../shared"), "data", "yara").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("YARA test data missing at " + dir);
        }
        return dir;
    }

    private static ConsoleCapture.Captured run(String... args) {
        return ConsoleCapture.run(() -> CentinelaCli.commandLine().execute(args));
    }

    /** "RULE [tags] file" from the CLI's "ns:RULE [tags] path field=..." lines. */
    private static Set<String> hits(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank() && !l.startsWith(" ")).map(l -> {
            String[] p = l.split(" ");
            String rule = p[0].substring(p[0].indexOf(':') + 1);
            return rule + " " + p[1] + " " + Path.of(p[2].replaceFirst("#\\d+$", "")).getFileName();
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void rawScanOfTestdataGivesTheGoldenLocalResults() throws Exception {
        Path data = yaraData();
        ConsoleCapture.Captured r = run("yara", "scan", "--no-bundled", "--mode", "raw", "--rules", data.resolve("rules/local").toString(),
                data.resolve("testdata").toString());
        assertEquals(0, r.code(), r.err());
        Set<String> golden = Files.readAllLines(data.resolve("expected_local_rules.txt")).stream().filter(l -> !l.isBlank())
                .map(l -> l.replace("testdata//", "")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(golden, hits(r.out()));
    }

    @Test
    void eventsFileIsScannedThroughThePolicy() throws Exception {
        Path data = yaraData();
        ConsoleCapture.Captured r = run("yara", "scan", "-s", "--rules", data.resolve("rules/local").toString(),
                data.resolve("testdata/eicar_email_attachment_b64.json").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of("CENTINELA_EICAR_Test_File [test,eicar] eicar_email_attachment_b64.json",
                "EICAR_Test_String [test,eicar] eicar_email_attachment_b64.json"), hits(r.out()));
        assertTrue(r.out().contains("field=attachment.content_b64"), r.out());
        assertTrue(r.out().contains("0x0:$eicar: X5O!P%@AP[4\\\\PZX54"), r.out());
    }

    @Test
    void brokenRuleIsReportedWithFileAndLineAndTheRestStillScans(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yar"), "rule ok_rule { condition: true }\nrule bad {\n condition: nope\n}\n");
        Files.writeString(dir.resolve("good.yar"), "rule good_rule { strings: $a = \"needle\" condition: $a }\n");
        Path target = dir.resolve("t.txt");
        Files.writeString(target, "a needle here");
        ConsoleCapture.Captured r = run("yara", "scan", "--no-bundled", "--rules", dir.toString(), target.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bad.yar:3: error: undefined identifier \"nope\""), r.err());
        assertEquals(Set.of("good_rule [] t.txt"), hits(r.out()));
        ConsoleCapture.Captured strict = run("yara", "scan", "--no-bundled", "--strict", "--rules", dir.toString(), target.toString());
        assertEquals(2, strict.code());
        assertTrue(strict.err().contains("refused"), strict.err());
    }
}
