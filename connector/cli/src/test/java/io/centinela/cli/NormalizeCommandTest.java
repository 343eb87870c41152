package io.centinela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizeCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CentinelaCli.commandLine().setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsEachEventAndRejectsBadOnesWithTheirReason(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("events.jsonl"), String.join("\n",
                "{\"EventID\": 1, \"SourceName\": \"Microsoft-Windows-Sysmon\", \"Hostname\": \"pc1\","
                        + " \"Channel\": \"microsoft-windows-sysmon/operational\", \"Image\": \"C:\\\\x.exe\"}",
                "{not json",
                "[1,2]",
                "{\"http\": {\"request\": {\"method\": \"POST\"}}, \"url\": {\"path\": \"/a.php\", \"query\": \"id=1\"}}"));
        Run r = run("normalize", f.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        JsonNode win = new ObjectMapper().readTree(lines.get(0));
        assertEquals("file:" + f + ":1", win.get("origin").asText());
        assertEquals("flat-windows", win.get("format").asText());
        assertEquals("windows", win.get("kind").asText());
        assertEquals("Microsoft-Windows-Sysmon/Operational", win.get("fields").get("Channel").asText());
        assertEquals("pc1", win.get("fields").get("Computer").asText());
        JsonNode webEvent = new ObjectMapper().readTree(lines.get(1));
        assertEquals("POST", webEvent.get("fields").get("cs-method").asText());
        assertTrue(r.err().contains(f + ":2: INVALID_JSON"), r.err());
        assertTrue(r.err().contains(f + ":3: NOT_AN_OBJECT"), r.err());
        assertTrue(r.err().contains("normalised 2 events, rejected 2"), r.err());
        assertEquals(3, run("normalize", "--fail-on-reject", "--summary-only", f.toString()).code());
    }

    @Test
    void fixedFormatAndBadArguments(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("e.json"), "{\"EventID\": 4688, \"NewProcessName\": \"a\"}\n");
        Run generic = run("normalize", "--format", "generic", f.toString());
        assertTrue(generic.out().contains("\"format\":\"generic\""), generic.out());
        Run bad = run("normalize", "--format", "xml", f.toString());
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("unknown event format 'xml'"), bad.err());
        Run missing = run("normalize", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read"), missing.err());
    }
}
