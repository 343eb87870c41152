package io.centinela.demo;

import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.BundledSigmaRules;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's shipped Sigma rules (class-path folder sigma/, the one EngineFactory loads as built-in rules) on the
 * demo generator's stream: every attack scenario fires exactly its expected rules, every scenario event fires at
 * least one, and no background event fires any.
 */
class OwnSigmaRulesOnDemoTest {

    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "powershell-download-cradle", Set.of(
                    "Encoded PowerShell Command Hiding a Download Cradle",
                    "PowerShell Encoded Command With Hidden Window or Policy Bypass",
                    "Office Application Starts A Shell Or Script Host"),
            "credential-dumping", Set.of(
                    "LSASS Opened With Memory-Read Access By An Unexpected Process",
                    "LSASS Memory Dump Through Procdump Or Comsvcs MiniDump",
                    "Mimikatz Module Commands In A Command Line"),
            "web-sql-injection", Set.of(
                    "SQL Injection Boolean Tautology In Web Request",
                    "SQL Injection Keywords In Web Request"),
            "phishing-attachment", Set.of(
                    "E-Mail With Macro-Capable Office Attachment",
                    "Attachment Content Shows An Auto-Executing Macro That Runs Commands",
                    "Payment Or Invoice Lure With Document, Archive Or HTML Attachment",
                    "Sender Domain Imitating A Well-Known Brand With Character Swaps"));

    @Test
    void shippedRulesFireOnEveryDemoScenarioAndNeverOnBackground() throws Exception {
        Path folder = BundledSigmaRules.folder().orElse(null);
        assertNotNull(folder, "class-path folder sigma/ (rules module resources) missing");
        LoadResult loaded = new RuleLoader(LoadOptions.defaults()).load(List.of(folder));
        assertTrue(loaded.rejected().isEmpty(), () -> loaded.rejected().stream().map(FileReport::describe).toList().toString());
        SigmaEvaluator rules = loaded.ruleSet();
        EventParser parser = new EventParser();

        List<EventGenerator.Generated> stream = new EventGenerator(20261127L).generate(4_000, 0.02);
        int background = 0;
        int scenarios = 0;
        Set<String> seenScenarios = new TreeSet<>();
        String current = null;
        Set<String> union = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i <= stream.size(); i++) {
            EventGenerator.Generated g = i < stream.size() ? stream.get(i) : null;
            String scenario = g == null ? null : g.scenario();
            // A scenario instance ends where the next event belongs to the background or to another scenario (the
            // generator rotates the four types, so two instances of one type are never adjacent).
            if (current != null && !current.equals(scenario)) {
                if (!EXPECTED.get(current).equals(union)) {
                    problems.add(current + " fired " + union);
                }
                scenarios++;
                union = new TreeSet<>();
            }
            current = scenario;
            if (g == null) {
                break;
            }
            Event e = parser.parse(g.value(), new EventOrigin.File(g.topic(), i));
            Set<String> fired = rules.evaluate(e).stream().map(SigmaMatch::title).collect(Collectors.toCollection(TreeSet::new));
            if (scenario == null) {
                background++;
                if (!fired.isEmpty()) {
                    problems.add("background " + g.topic() + " event " + i + " fired " + fired);
                }
            } else {
                seenScenarios.add(scenario);
                if (fired.isEmpty()) {
                    problems.add(scenario + " event " + i + " fired nothing");
                }
                union.addAll(fired);
            }
        }
        assertEquals(EXPECTED.keySet(), seenScenarios, "the stream holds every scenario type");
        assertTrue(scenarios >= 8 && background > 3_000, "scenarios " + scenarios + ", background " + background);
        assertFalse(problems.size() > 0, () -> String.join("\n", problems));
    }
}
