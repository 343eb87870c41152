package io.centinela.hec;

import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** HecCode against the two tables it must match: ../shared/docs/splunk.md (the facts) and docs/connector.md. */
class HecCodeTest {

    /** Table rows "| code | HTTP | text | ... |" whose first cell holds codes ("18/19/20" gives three rows). */
    private static Map<Integer, String[]> table(Path md) throws Exception {
        Map<Integer, String[]> rows = new TreeMap<>();
        for (String raw : Files.readAllLines(md)) {
            String line = raw.strip(); // a table may be indented inside a list item
            if (!line.matches("\\|\\s*\\d+(/\\d+)*\\s*\\|.*")) {
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1).split("\\|")).map(String::strip).toArray(String[]::new);
            for (String c : cells[0].split("/")) {
                rows.put(Integer.parseInt(c), cells);
            }
        }
        return rows;
    }

    private static Path shared(String relative) {
        Path p = Path.of(System.getProperty("centinela.shared", "../shared"), relative).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            fail("shared docs missing: " + p + " (set -Dcentinela.shared=<dir>; CI has it beside the clone)");
        }
        return p;
    }

    @Test
    void everyCodeOfSplunkMdIsDefinedWithItsStatusAndText() throws Exception {
        Map<Integer, String[]> doc = table(shared("docs/splunk.md"));
        assertEquals(21, doc.size(), "splunk.md documents codes 0..20: " + doc.keySet());
        for (var e : doc.entrySet()) {
            HecCode c = HecCode.of(e.getKey()).orElseThrow(() -> new AssertionError("no HecCode for " + e.getKey()));
            assertEquals(e.getKey(), c.code());
            assertEquals(Integer.parseInt(e.getValue()[1]), c.status(), "HTTP status of code " + c.code());
            if (c.code() < 18) { // 18/19/20 share one abbreviated row
                assertEquals(e.getValue()[2], c.text(), "text of code " + c.code());
            }
        }
        assertEquals(doc.size(), HecCode.values().length, "no code beyond the documented ones");
    }

    @Test
    void ofFindsEachCodeAndNothingElse() {
        for (HecCode c : HecCode.values()) {
            assertEquals(c, HecCode.of(c.code()).orElseThrow());
        }
        for (int undefined : new int[] {-1, 21, 200, 404, 405, 413, 415}) {
            assertTrue(HecCode.of(undefined).isEmpty(), "code " + undefined);
        }
    }

    @Test
    void fatalCodesCarryAHintAndOthersNone() {
        for (HecCode c : HecCode.values()) {
            assertEquals(c.action() == HecCode.Action.FATAL_CONFIG, !c.hint().isEmpty(), c.name());
        }
    }

    /** docs/connector.md repeats the table (code, HTTP, meaning, action): it must say what the code does. */
    @Test
    void connectorMdTableMatchesTheEnum() throws Exception {
        Path md = SharedData.repo().resolve("docs/connector.md");
        Map<Integer, String[]> doc = table(md);
        List<String> wrong = new ArrayList<>();
        for (HecCode c : HecCode.values()) {
            String[] row = doc.get(c.code());
            String action = c.action().name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (row == null || row.length < 4 || Integer.parseInt(row[1]) != c.status()
                    || !row[3].startsWith(action)) {
                wrong.add(c + " (expected action '" + action + "', row " + (row == null ? null : Arrays.toString(row)) + ")");
            }
        }
        assertEquals(List.of(), wrong, "docs/connector.md HEC code table");
        assertEquals(HecCode.values().length, doc.size(), "docs/connector.md lists exactly the codes: " + doc.keySet());
    }
}
