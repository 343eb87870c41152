package io.centinela.yara;

import io.centinela.testkit.SharedData;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ReversingLabs and signature-base rule sets compile through the binding (signature-base with its external
 * variables), and scanning ../shared/data/yara/testdata gives exactly the yara 4.2.3 CLI's golden results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealRuleSetsTest {

    /** The externals signature-base rules use; set per scanned file the way the yara/THOR tooling does. */
    static final List<ExternalVariable> SIGNATURE_BASE_EXTERNALS = List.of(ExternalVariable.of("filename", ""),
            ExternalVariable.of("filepath", ""), ExternalVariable.of("extension", ""),
            ExternalVariable.of("filetype", ""), ExternalVariable.of("owner", ""));

    private CompileReport reversingLabs;
    private CompileReport signatureBase;
    private CompileReport local;

    @BeforeAll
    void compile() {
        reversingLabs = compile("reversinglabs", List.of());
        signatureBase = compile("signature-base", SIGNATURE_BASE_EXTERNALS);
        local = compile("local", List.of(ExternalVariable.of("event_type", "")));
    }

    @AfterAll
    void close() {
        for (CompileReport r : new CompileReport[]{reversingLabs, signatureBase, local}) {
            if (r != null) {
                r.rules().close();
            }
        }
    }

    private static CompileReport compile(String set, List<ExternalVariable> externals) {
        List<RuleSource> sources = RuleFiles.load(SharedData.yara("rules/" + set), RuleFiles.NamespaceMode.PER_FILE);
        return new RuleSetCompiler(externals, true).compile(set, sources);
    }

    @Test
    void reversingLabsCompiles() {
        assertEquals(274, reversingLabs.sourceCount());
        assertEquals(List.of(), reversingLabs.errors());
        assertEquals(1204, reversingLabs.rules().ruleCount());
    }

    @Test
    void signatureBaseCompilesWithItsExternalVariables() {
        assertEquals(741, signatureBase.sourceCount());
        assertEquals(List.of(), signatureBase.errors());
        assertEquals(5883, signatureBase.rules().ruleCount());
    }

    @Test
    void withoutTheExternalsSignatureBaseFilesAreRejectedWithFileAndLine() {
        CompileReport report = new RuleSetCompiler(List.of(), false).compile("signature-base",
                RuleFiles.load(SharedData.yara("rules/signature-base"), RuleFiles.NamespaceMode.PER_FILE));
        try (CompiledRules rules = report.rules()) {
            assertEquals(13, report.rejected().size(), report.rejected().toString());
            assertTrue(report.errors().stream().allMatch(e -> e.file().endsWith(".yar") && e.line() > 0
                    && e.message().contains("undefined identifier")), report.errors().toString());
            assertTrue(rules.ruleCount() > 5000 && rules.ruleCount() < 5883, "rules " + rules.ruleCount());
        }
    }

    @Test
    void localRulesGiveTheGoldenResults() throws IOException {
        assertEquals(golden("expected_local_rules.txt", true),
                scanTestdata(local.rules(), List.of(ExternalVariable.of("event_type", "file")), false, true));
    }

    @Test
    void reversingLabsGivesTheGoldenResults() throws IOException {
        assertEquals(golden("expected_reversinglabs.txt", false), scanTestdata(reversingLabs.rules(), List.of(), false, false));
    }

    @Test
    void signatureBaseGivesTheGoldenResults() throws IOException {
        assertEquals(golden("expected_signature-base.txt", false), scanTestdata(signatureBase.rules(), List.of(), true, false));
    }

    /** Lines {@code RULE [tags] testdata//file} of the yara CLI, normalised to "RULE [tags] file". */
    private static Set<String> golden(String file, boolean withTags) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(SharedData.yara(file), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            String target = parts[parts.length - 1].replaceFirst("^testdata/+", "");
            String tags = withTags && parts.length == 3 ? " " + parts[1] : "";
            out.add(parts[0] + tags + " " + target);
        }
        return out;
    }

    private static Set<String> scanTestdata(CompiledRules rules, List<ExternalVariable> externals,
                                            boolean fileExternals, boolean withTags) throws IOException {
        Set<String> out = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.yara("testdata"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 11, "testdata files: " + files);
        try (YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            externals.forEach(scanner::setExternal);
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (fileExternals) {
                    int dot = name.lastIndexOf('.');
                    scanner.setExternal(ExternalVariable.of("filename", name));
                    scanner.setExternal(ExternalVariable.of("filepath", f.toString()));
                    scanner.setExternal(ExternalVariable.of("extension", dot > 0 ? name.substring(dot) : ""));
                }
                ScanOutcome outcome = scanner.scan(name, Files.readAllBytes(f));
                assertTrue(outcome.ok(), name + ": " + outcome);
                for (YaraMatch m : outcome.matches()) {
                    String tags = withTags ? " [" + String.join(",", m.tags()) + "]" : "";
                    out.add(m.rule() + tags + " " + name);
                }
            }
        }
        return out;
    }
}
