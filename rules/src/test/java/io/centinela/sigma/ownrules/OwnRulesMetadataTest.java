package io.centinela.sigma.ownrules;

import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every shipped rule loads and carries the metadata a SOC relies on (ids, author, ATT&CK tags, level...). */
class OwnRulesMetadataTest {

    private static final Pattern TECHNIQUE = Pattern.compile("attack\\.t\\d{4}(\\.\\d{3})?");
    private static final Pattern SOFTWARE = Pattern.compile("attack\\.s\\d{4}");
    private static final Set<String> TACTICS = Set.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");
    private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");

    @Test
    void everyShippedRuleLoads() {
        LoadResult r = OwnRules.load();
        assertTrue(r.rejected().isEmpty(), () -> "rejected: " + r.rejected().stream().map(FileReport::describe).toList());
        long baseRulesOfCorrelations = r.reports().stream()
                .filter(f -> f.file().contains("/correlation/") && "rule".equals(f.kind())).count();
        assertEquals(OwnRules.files().size(), r.ruleSet().ruleCount() - baseRulesOfCorrelations,
                "one rule per file outside correlation/");
        assertTrue(r.ruleSet().ruleCount() >= 20, "the project ships at least 20 rules");
    }

    /** Correlation files: every document has an id, title, level, ATT&CK tags; base rules are named for reference. */
    @Test
    @SuppressWarnings("unchecked")
    void correlationFilesAreWellFormed() throws IOException {
        Set<String> ids = new HashSet<>();
        assertTrue(OwnRules.correlationFiles().size() >= 8, "correlation files: " + OwnRules.correlationFiles());
        for (Path file : OwnRules.correlationFiles()) {
            int correlations = 0;
            for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
                Map<String, Object> rule = (Map<String, Object>) doc;
                String where = file.getFileName().toString() + " / " + rule.get("title");
                String id = (String) rule.get("id");
                assertEquals(id, UUID.fromString(id).toString(), where + ": id is a lower-case UUID");
                assertTrue(ids.add(id), where + ": duplicate id");
                assertTrue(LEVELS.contains(rule.get("level")), where + ": level");
                assertNotNull(rule.get("description"), where + ": description");
                assertTrue(((List<String>) rule.get("tags")).stream().anyMatch(t -> TECHNIQUE.matcher(t).matches()),
                        where + ": a technique tag");
                if (rule.containsKey("correlation")) {
                    correlations++;
                } else {
                    assertNotNull(rule.get("name"), where + ": a base rule has a name the correlations refer to");
                    assertNotNull(rule.get("detection"), where + ": detection");
                }
            }
            assertTrue(correlations >= 1, file + ": no correlation");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void metadataIsCompleteAndWellFormed() throws IOException {
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path file : OwnRules.files()) {
            Map<String, Object> rule = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file));
            String where = file.getFileName().toString();
            String id = (String) rule.get("id");
            assertNotNull(id, where + ": id");
            assertEquals(id, UUID.fromString(id).toString(), where + ": id is a lower-case UUID");
            assertTrue(ids.add(id), where + ": duplicate id " + id);
            assertTrue(titles.add((String) rule.get("title")), where + ": duplicate title");
            assertEquals("Centinela project", rule.get("author"), where + ": author");
            for (String key : List.of("title", "status", "description", "level", "logsource", "detection", "falsepositives")) {
                assertNotNull(rule.get(key), where + ": " + key);
            }
            assertTrue(LEVELS.contains(rule.get("level")), where + ": level");
            assertTrue(rule.get("date") instanceof LocalDate || rule.get("date") instanceof String, where + ": date");
            assertFalse(((List<?>) rule.get("references")).isEmpty(), where + ": references");
            List<String> tags = (List<String>) rule.get("tags");
            boolean technique = false;
            boolean tactic = false;
            for (String tag : tags) {
                if (TECHNIQUE.matcher(tag).matches()) {
                    technique = true;
                } else if (tag.startsWith("attack.") && TACTICS.contains(tag.substring(7))) {
                    tactic = true;
                } else if (!SOFTWARE.matcher(tag).matches()) {
                    fail(where + ": malformed ATT&CK tag " + tag);
                }
            }
            assertTrue(technique && tactic, where + ": needs at least one tactic and one technique tag");
        }
    }
}
