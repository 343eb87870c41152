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
    private final ParsedRuleCache cache;

    public RuleLoader(LoadOptions options) {
        this(options, null);
    }

    /**
     * A loader whose {@link #load} reads parsed files from {@code cache} when their bytes are unchanged (null: no
     * cache). Compilation always runs, so the result and the reports are those of a load without the cache.
     */
    public RuleLoader(LoadOptions options, ParsedRuleCache cache) {
        this.options = options;
        this.cache = cache;
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
        List<FileReport> reports = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        if (cache != null) {
            cache.begin();
        }
        for (Path f : files) {
            byte[] bytes;
            String text;
            try {
                bytes = Files.readAllBytes(f);
                text = cache == null ? utf8(bytes) : null;
            } catch (IOException e) {
                reports.add(new FileReport(f.toString(), 0, "file", null, null, false, 0, "cannot read: " + e.getMessage()));
                continue;
            }
            String file = f.toString();
            if (cache == null) {
                parsed.add(parse(file, text));
                continue;
            }
            byte[] sha = ParsedRuleCache.sha256(bytes);
            ParsedRuleCache.Entry hit = cache.lookup(file, sha);
            if (hit != null) {
                parsed.add(new Parsed(file, hit.fileErrorLine(), hit.fileError(), hit.documents()));
                continue;
            }
            try {
                text = utf8(bytes);
            } catch (IOException e) {
                reports.add(new FileReport(file, 0, "file", null, null, false, 0, "cannot read: " + e.getMessage()));
                continue;
            }
            Parsed p = parse(file, text);
            cache.put(file, new ParsedRuleCache.Entry(sha, p.errorLine(), p.error(), p.documents()));
            parsed.add(p);
        }
        if (cache != null) {
            cache.finish();
        }
        return compile(parsed, reports);
    }

    /** One file's parse: a file-level error (YAML unreadable) or one outcome per document. */
    private record Parsed(String file, int errorLine, String error, List<RuleParser.Parsed> documents) {
    }

    private Parsed parse(String file, String text) {
        try {
            return new Parsed(file, 0, null, parser.parseFile(text, file));
        } catch (SigmaSyntaxException ex) {
            return new Parsed(file, ex.line(), ex.reason(), null);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    private static String utf8(byte[] b) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8");
        }
    }

    /** Loads rule texts keyed by their file (for tests and in-memory sources). */
    public LoadResult loadTexts(Map<Path, String> texts, List<FileReport> reportsSoFar) {
        List<Parsed> parsed = new ArrayList<>();
        for (var e : texts.entrySet()) {
            parsed.add(parse(e.getKey().toString(), e.getValue()));
        }
        return compile(parsed, reportsSoFar);
    }

    private LoadResult compile(List<Parsed> files, List<FileReport> reportsSoFar) {
        List<FileReport> reports = new ArrayList<>(reportsSoFar);
        record Doc(SigmaDocument doc, int index) {
        }
        List<Doc> docs = new ArrayList<>();
        for (Parsed f : files) {
            if (f.documents() == null) {
                reports.add(new FileReport(f.file(), 0, "file", null, null, false, f.errorLine(), f.error()));
                continue;
            }
            List<RuleParser.Parsed> parsed = f.documents();
            for (int i = 0; i < parsed.size(); i++) {
                RuleParser.Parsed p = parsed.get(i);
                if (p.error() != null) {
                    reports.add(new FileReport(f.file(), i, "rule", null, null, false, p.error().line(), p.error().reason()));
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
