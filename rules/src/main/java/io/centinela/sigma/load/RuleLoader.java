package io.centinela.sigma.load;

import io.centinela.sigma.compile.RuleCompiler;
import io.centinela.sigma.eval.CompiledRule;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.eval.LiteralTables;
import io.centinela.sigma.logsource.Gate;
import io.centinela.sigma.logsource.LogSourceVariant;
import io.centinela.sigma.parse.RuleParser;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaDocument;
import io.centinela.sigma.parse.SigmaFilter;
import io.centinela.sigma.parse.SigmaRule;
import io.centinela.sigma.parse.SigmaSyntaxException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads rule files and folders into one {@link CompiledRuleSet}. Every document is reported as loaded or
 * rejected (file, line, reason); a bad document never stops the others.
 */
public final class RuleLoader {

    private final LoadOptions options;
    private final RuleParser parser = new RuleParser();

    public RuleLoader(LoadOptions options) {
        this.options = options;
    }

    /** Loads every {@code .yml}/{@code .yaml} under the given files or folders (sorted, recursive). */
    public LoadResult load(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).filter(RuleLoader::isYaml).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(root)) {
                files.add(root);
            } else {
                throw new java.nio.file.NoSuchFileException(root.toString(), null, "no such rule file or folder");
            }
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        List<FileReport> reports = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.put(f, readUtf8(f));
            } catch (IOException e) {
                reports.add(new FileReport(f.toString(), 0, "file", null, null, false, 0, "cannot read: " + e.getMessage()));
            }
        }
        return loadTexts(texts, reports);
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    private static String readUtf8(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8");
        }
    }

    /** Loads rule texts keyed by their file (for tests and in-memory sources). */
    public LoadResult loadTexts(Map<Path, String> texts, List<FileReport> reportsSoFar) {
        List<FileReport> reports = new ArrayList<>(reportsSoFar);
        record Doc(SigmaDocument doc, int index) {
        }
        List<Doc> docs = new ArrayList<>();
        for (var e : texts.entrySet()) {
            String file = e.getKey().toString();
            List<RuleParser.Parsed> parsed;
            try {
                parsed = parser.parseFile(e.getValue(), file);
            } catch (SigmaSyntaxException ex) {
                reports.add(new FileReport(file, 0, "file", null, null, false, ex.line(), ex.reason()));
                continue;
            }
            for (int i = 0; i < parsed.size(); i++) {
                RuleParser.Parsed p = parsed.get(i);
                if (p.error() != null) {
                    reports.add(new FileReport(file, i, "rule", null, null, false, p.error().line(), p.error().reason()));
                } else {
                    docs.add(new Doc(p.document(), i));
                }
            }
        }
        // Filters by the rule id or name they reference.
        Map<String, List<SigmaFilter>> filters = new HashMap<>();
        LiteralTables tables = new LiteralTables(options.engine());
        RuleCompiler compiler = new RuleCompiler(tables, options.placeholders());
        for (Doc d : docs) {
            if (d.doc() instanceof SigmaFilter f) {
                try {
                    compiler.validate(f);
                    for (String ref : f.ruleRefs()) {
                        filters.computeIfAbsent(ref, k -> new ArrayList<>()).add(f);
                    }
                    reports.add(ok(d.doc(), d.index(), "filter"));
                } catch (SigmaSyntaxException ex) {
                    reports.add(rejected(d.doc(), d.index(), "filter", ex));
                }
            }
        }
        List<CompiledRule> units = new ArrayList<>();
        List<Integer> unitRule = new ArrayList<>();
        Map<Gate, Integer> gateIds = new LinkedHashMap<>();
        List<List<Integer>> gateUnits = new ArrayList<>();
        Set<String> loadedRefs = new HashSet<>();
        List<SigmaRule> loadedRules = new ArrayList<>();
        int ruleIndex = 0;
        for (Doc d : docs) {
            if (!(d.doc() instanceof SigmaRule rule)) {
                continue;
            }
            List<SigmaFilter> fs = new ArrayList<>();
            if (rule.id() != null) fs.addAll(filters.getOrDefault(rule.id(), List.of()));
            if (rule.name() != null) fs.addAll(filters.getOrDefault(rule.name(), List.of()));
            Map<Map<String, String>, List<Gate>> byRenames = new LinkedHashMap<>();
            for (LogSourceVariant v : options.mapping().resolve(rule.logsource())) {
                byRenames.computeIfAbsent(v.renames(), k -> new ArrayList<>()).add(v.gate());
            }
            List<CompiledRule> compiled = new ArrayList<>();
            List<List<Gate>> compiledGates = new ArrayList<>();
            try {
                for (var e : byRenames.entrySet()) {
                    compiled.add(compiler.compile(rule, e.getKey(), fs));
                    compiledGates.add(e.getValue());
                }
            } catch (SigmaSyntaxException | RuntimeException ex) {
                SigmaSyntaxException se = ex instanceof SigmaSyntaxException s ? s
                        : new SigmaSyntaxException(0, String.valueOf(ex.getMessage()), ex);
                reports.add(rejected(rule, d.index(), "rule", se));
                continue;
            }
            for (int i = 0; i < compiled.size(); i++) {
                int u = units.size();
                units.add(compiled.get(i));
                unitRule.add(ruleIndex);
                for (Gate g : compiledGates.get(i)) {
                    int gid = gateIds.computeIfAbsent(g, k -> {
                        gateUnits.add(new ArrayList<>());
                        return gateUnits.size() - 1;
                    });
                    gateUnits.get(gid).add(u);
                }
            }
            ruleIndex++;
            loadedRules.add(rule);
            if (rule.id() != null) loadedRefs.add(rule.id());
            if (rule.name() != null) loadedRefs.add(rule.name());
            reports.add(ok(rule, d.index(), "rule"));
        }
        // Correlations may reference correlations (chains): those names count as loaded too; the correlation
        // engine checks the chain itself (cycles, refused links).
        for (Doc d : docs) {
            if (d.doc() instanceof SigmaCorrelation c) {
                if (c.id() != null) loadedRefs.add(c.id());
                if (c.name() != null) loadedRefs.add(c.name());
            }
        }
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (Doc d : docs) {
            if (d.doc() instanceof SigmaCorrelation c) {
                List<String> missing = c.rules().stream().filter(r -> !loadedRefs.contains(r)).toList();
                if (missing.isEmpty()) {
                    correlations.add(c);
                    reports.add(ok(c, d.index(), "correlation"));
                } else {
                    reports.add(rejected(c, d.index(), "correlation", new SigmaSyntaxException(c.line(),
                            "correlation references rules that are not loaded: " + missing)));
                }
            }
        }
        CompiledRuleSet set = new CompiledRuleSet(tables, units, unitRule.stream().mapToInt(Integer::intValue).toArray(),
                ruleIndex, new ArrayList<>(gateIds.keySet()),
                gateUnits.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList());
        return new LoadResult(set, reports, correlations, loadedRules);
    }

    private static FileReport ok(SigmaDocument d, int index, String kind) {
        return new FileReport(d.file(), index, kind, d.id(), d.title(), true, d.line(), null);
    }

    private static FileReport rejected(SigmaDocument d, int index, String kind, SigmaSyntaxException e) {
        return new FileReport(d.file(), index, kind, d.id(), d.title(), false, e.line() > 0 ? e.line() : d.line(),
                e.reason());
    }
}
