package io.centinela.sigma.ownrules;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * False and true positives of the shipped rules on the labelled dev splits in ../shared/data/ml (read in place;
 * the {@code event} object of each line goes through the normal EventParser). Prints one table per domain and
 * writes them to rules/target/sigma-own-rules-dev.md (the source of docs/sigma-own-rules.md).
 */
class OwnRulesOnLabelledDevDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SigmaEvaluator rules;
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeAll
    static void load() {
        rules = OwnRules.standalone();
    }

    /** Per rule: hits on benign and malicious events of one split. */
    record Tally(int benign, int malicious, Map<String, int[]> perRule, int benignHit, int maliciousHit) {
    }

    static Tally run(String domain) throws IOException {
        Path file = SharedData.path("ml/" + domain + "/dev.jsonl");
        EventParser parser = new EventParser();
        Map<String, int[]> perRule = new TreeMap<>();
        Map<String, int[]> perCategory = new TreeMap<>();
        int benign = 0;
        int malicious = 0;
        int benignHit = 0;
        int maliciousHit = 0;
        long line = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                JsonNode row = JSON.readTree(text);
                boolean bad = "malicious".equals(row.path("label").asText());
                Event event;
                try {
                    event = parser.parse(JSON.writeValueAsBytes(row.get("event")), new EventOrigin.File(file.toString(), line));
                } catch (EventRejectedException e) {
                    throw new AssertionError(file + ":" + line + " rejected: " + e.getMessage(), e);
                }
                List<SigmaMatch> matches = rules.evaluate(event);
                Set<String> seen = new HashSet<>();
                for (SigmaMatch m : matches) {
                    if (seen.add(m.title())) {
                        perRule.computeIfAbsent(m.title(), k -> new int[2])[bad ? 1 : 0]++;
                    }
                }
                if (bad) {
                    int[] cat = perCategory.computeIfAbsent(row.path("category").asText(), k -> new int[2]);
                    cat[0] += matches.isEmpty() ? 0 : 1;
                    cat[1]++;
                    malicious++;
                    maliciousHit += matches.isEmpty() ? 0 : 1;
                } else {
                    benign++;
                    benignHit += matches.isEmpty() ? 0 : 1;
                }
            }
        }
        Tally t = new Tally(benign, malicious, perRule, benignHit, maliciousHit);
        StringBuilder table = new StringBuilder("\n### " + domain + " (dev: " + benign + " benign, " + malicious
                + " malicious)\n\n| rule | benign hits | malicious hits |\n|---|---:|---:|\n");
        perRule.forEach((rule, c) -> table.append("| ").append(rule).append(" | ").append(c[0]).append(" | ")
                .append(c[1]).append(" |\n"));
        table.append(String.format("| **any rule** | **%d (%.2f %%)** | **%d (%.1f %%)** |%n", benignHit,
                100.0 * benignHit / benign, maliciousHit, 100.0 * maliciousHit / malicious));
        table.append("\nMalicious events caught per dataset category: ");
        perCategory.forEach((cat, c) -> table.append(cat).append(' ').append(c[0]).append('/').append(c[1]).append("; "));
        table.append('\n');
        System.out.print(table);
        synchronized (REPORT) {
            REPORT.append(table);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "sigma-own-rules-dev.md"), REPORT.toString());
        }
        return t;
    }

    private static void assertLowFalsePositives(String domain, Tally t) {
        assertTrue(t.benign() > 100, domain + ": the dev split should hold benign events");
        double rate = (double) t.benignHit() / t.benign();
        assertTrue(rate < 0.01, String.format("%s: benign hit rate %.2f %% >= 1 %% (%s)", domain, 100 * rate, t.perRule()));
    }

    @Test
    void windowsRulesStayQuietOnBenignEvents() throws IOException {
        Tally t = run("windows");
        assertLowFalsePositives("windows", t);
        assertTrue(t.maliciousHit() >= 1, "windows: at least one malicious dev event is caught");
    }

    @Test
    void webRulesCatchAttacksWithoutFlaggingNormalRequests() throws IOException {
        Tally t = run("web");
        assertLowFalsePositives("web", t);
        // The web-attack category (SQLi, XSS, SSI, CRLF, traversal, command injection) is what the rules target.
        assertTrue(t.maliciousHit() >= 60, "web: too few malicious dev requests caught: " + t.maliciousHit());
    }

    @Test
    void emailRulesStayQuietOnHam() throws IOException {
        Tally t = run("email");
        assertLowFalsePositives("email", t);
        assertTrue(t.maliciousHit() >= 1, "email: at least one phishing dev message is caught");
        t.perRule().forEach((rule, c) -> assertTrue(c[0] <= 2, "email: " + rule + " hits " + c[0] + " ham messages"));
    }
}
