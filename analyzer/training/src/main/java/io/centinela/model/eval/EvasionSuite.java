package io.centinela.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.model.eval.evasion.Evasion;
import io.centinela.model.eval.evasion.Evasions;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.train.LabelledData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code eval --evasion}: every attack row of the labelled files is scored as it is and after each evasion
 * technique of its domain ({@link Evasions}), through the serving path (raw event -> package's rendering ->
 * ONNX Runtime) at the package's per-domain threshold. Per technique: the attack rows it applies to, recall
 * before and after, and the drop. Deterministic: each (technique, row) draws from its own seeded {@link Random}.
 * Writes evasion.md and evasion.json into the report folder.
 */
public final class EvasionSuite {

    /** Recall drop above which a technique counts as an evasion that works (the target of issue 14). */
    public static final double MAX_DROP = 0.05;

    /** One technique's figures. {@code n}: attack rows it changed. */
    public record Row(String technique, String domain, int n, double recallBefore, double recallAfter) {
        public double drop() {
            return recallBefore - recallAfter;
        }
    }

    private record Attack(String id, String domain, ObjectNode event, Path file, long line) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path packageDir;
    private final List<Path> data;
    private final LabelledData.Filter filter;
    private final ScorerOptions scorer;
    private final long seed;

    public EvasionSuite(Path packageDir, List<Path> data, LabelledData.Filter filter, ScorerOptions scorer, long seed) {
        this.packageDir = packageDir;
        this.data = List.copyOf(data);
        this.filter = filter;
        this.scorer = scorer;
        this.seed = seed;
    }

    public List<Row> run(PrintStream log, Path outDir) throws IOException {
        List<Attack> attacks = new ArrayList<>();
        for (Path f : data) {
            attacks.addAll(attacks(f));
        }
        ModelPackage pkg = ModelPackage.load(packageDir);
        EventNormalizer normalizer = new EventNormalizer();
        List<Row> rows = new ArrayList<>();
        try (ClassifierScorer s = new ClassifierScorer(pkg, scorer)) {
            for (Evasion ev : Evasions.all()) {
                List<Event> before = new ArrayList<>();
                List<Event> after = new ArrayList<>();
                for (Attack a : attacks) {
                    if (!a.domain().equals(ev.domain())) {
                        continue;
                    }
                    Random rnd = new Random(seed * 1_000_003L + (ev.name() + "/" + a.id()).hashCode());
                    Optional<ObjectNode> t = ev.apply(a.event(), rnd);
                    if (t.isPresent()) {
                        before.add(event(normalizer, a.event(), a));
                        after.add(event(normalizer, t.get(), a));
                    }
                }
                rows.add(new Row(ev.name(), ev.domain(), before.size(), recall(s.score(before, false)),
                        recall(s.score(after, false))));
            }
        }
        String md = table(pkg.config().name() + " " + pkg.config().version() + " (" + pkg.config().textRendering() + ")", rows);
        log.print(md);
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("evasion.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("package", pkg.config().name() + " " + pkg.config().version());
        json.put("textRendering", pkg.config().textRendering());
        json.put("seed", seed);
        json.put("maxDrop", MAX_DROP);
        List<Map<String, Object>> rj = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("technique", r.technique());
            m.put("domain", r.domain());
            m.put("n", r.n());
            m.put("recallBefore", r.recallBefore());
            m.put("recallAfter", r.recallAfter());
            m.put("drop", r.drop());
            rj.add(m);
        }
        json.put("techniques", rj);
        JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("evasion.json").toFile(), json);
        return rows;
    }

    /** The Markdown table: technique, domain, rows, recall before -> after, drop, and whether it meets the target. */
    public static String table(String title, List<Row> rows) {
        StringBuilder sb = new StringBuilder("\n## Evasion: " + title + "\n\nRecall on the attack rows each technique "
                + "changes, at the package's per-domain thresholds; target: drop <= " + MAX_DROP + ".\n\n"
                + "| technique | domain | attack rows | recall before | recall after | drop | |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %+.3f | %s |%n", r.technique(),
                    r.domain(), r.n(), r.recallBefore(), r.recallAfter(), r.drop(),
                    r.n() == 0 ? "n/a" : r.drop() <= MAX_DROP ? "ok" : "**over**"));
        }
        return sb.toString();
    }

    private static double recall(List<ModelDetection> ds) {
        if (ds.isEmpty()) {
            return Double.NaN;
        }
        return ds.stream().filter(d -> d.score() >= d.threshold()).count() / (double) ds.size();
    }

    private static Event event(EventNormalizer normalizer, ObjectNode raw, Attack a) {
        return normalizer.normalize(raw, new EventOrigin.File(a.file().toString(), a.line()), EventFormat.AUTO, 0);
    }

    /** The malicious rows of a labelled file that pass the filter; the domain is the file's folder, as in eval. */
    private List<Attack> attacks(Path file) throws IOException {
        String domain = file.toAbsolutePath().getParent().getFileName().toString();
        List<Attack> out = new ArrayList<>();
        long n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode root = JSON.readTree(line);
            String category = root.path("category").asText("");
            String source = root.path("source").asText("");
            boolean excluded = filter.excludeCategories().contains(category)
                    || filter.excludeSourcePrefixes().stream().anyMatch(source::startsWith);
            if (!excluded && "malicious".equals(root.path("label").asText()) && root.path("event").isObject()) {
                out.add(new Attack(root.path("id").asText(file.getFileName() + ":" + n), domain,
                        (ObjectNode) root.get("event"), file, n));
            }
        }
        return out;
    }
}
