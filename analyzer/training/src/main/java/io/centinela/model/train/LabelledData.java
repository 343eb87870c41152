package io.centinela.model.train;

import io.centinela.model.pkg.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.text.EventText;
import io.centinela.text.TextRendering;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Reads labelled JSON-lines files ({@code {"event": {...}, "label": "malicious"|"benign", "category", "source",
 * "id", "meta"}}) into rendered {@link Example}s. {@code meta} is never read. The domain (and so the threshold
 * eval applies) is the event's own, from its rendering, as serving takes it; not the file's folder name. Lines that fail to parse are reported with file and line and skipped (counted in {@link Loaded#skipped}).
 */
public final class LabelledData {

    /** Filters applied while loading. */
    public record Filter(Set<String> excludeSourcePrefixes, Set<String> excludeCategories) {
        public static final Filter NONE = new Filter(Set.of(), Set.of());

        boolean keeps(String source, String category) {
            for (String p : excludeSourcePrefixes) {
                if (source.startsWith(p)) {
                    return false;
                }
            }
            return !excludeCategories.contains(category);
        }
    }

    /** A loaded file: its examples, its SHA-256 and how many lines were skipped. */
    public record Loaded(Path file, String sha256, List<Example> examples, int skipped, List<String> errors) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventNormalizer NORMALIZER = new EventNormalizer();

    private LabelledData() {
    }

    /**
     * Report slices from the data's provenance: {@code priority} (high/medium/low Windows event kinds) and
     * {@code label basis} (why the labeller called it malicious, e.g. process_link = by process ancestry, not by
     * anything in the event's own text). Read for reports only; the model's text never includes them.
     */
    private static Map<String, String> slices(JsonNode meta) {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        if (meta.hasNonNull("priority")) {
            s.put("priority", meta.get("priority").asText());
        }
        if (meta.hasNonNull("label_reason")) {
            String r = meta.get("label_reason").asText();
            int colon = r.indexOf(':');
            s.put("label basis", colon < 0 ? r : r.substring(0, colon));
        }
        return s;
    }

    /** Loads and renders in the rendering new packages are trained with ({@link TextRendering#LATEST}). */
    public static Loaded load(Path file, Filter filter) throws IOException {
        return load(file, filter, TextRendering.LATEST);
    }

    /** Loads and renders in {@code rendering} (evaluation uses the package's own). */
    public static Loaded load(Path file, Filter filter, TextRendering rendering) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "training data file not found");
        }
        List<Example> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int skipped = 0;
        MessageDigest md = sha256();
        try (InputStream raw = new DigestInputStream(Files.newInputStream(file), md);
             BufferedReader r = new BufferedReader(new java.io.InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode root = JSON.readTree(line);
                    JsonNode ev = root.get("event");
                    String label = root.path("label").asText();
                    if (ev == null || !ev.isObject() || !(label.equals("malicious") || label.equals("benign"))) {
                        throw new IOException("needs an 'event' object and label malicious|benign");
                    }
                    String category = root.path("category").asText("");
                    String source = root.path("source").asText("");
                    if (!filter.keeps(source, category)) {
                        continue;
                    }
                    Event event = NORMALIZER.normalize(ev, new EventOrigin.File(file.toString(), n), EventFormat.AUTO,
                            line.length());
                    EventText.Rendered rendered = EventText.render(event, rendering);
                    String domain = rendered.domain();
                    String group = domain.equals("windows") ? "eid-" + event.field("EventID") : category;
                    out.add(new Example(root.path("id").asText(file.getFileName() + ":" + n), domain, category, group,
                            source, label.equals("malicious") ? 1 : 0, rendered.text(), slices(root.path("meta"))));
                } catch (IOException | RuntimeException e) {
                    skipped++;
                    if (errors.size() < 20) {
                        errors.add(file + ":" + n + ": " + e.getMessage());
                    }
                }
            }
        }
        return new Loaded(file, HexFormat.of().formatHex(md.digest()), out, skipped, errors);
    }

    /**
     * Keeps at most {@code maxPerClass} examples of each (domain, label), drawn with a fixed seed; order is
     * otherwise kept. {@code maxPerClass <= 0} keeps everything.
     */
    public static List<Example> capPerClass(List<Example> all, int maxPerClass, long seed) {
        if (maxPerClass <= 0) {
            return all;
        }
        Map<String, List<Example>> groups = new LinkedHashMap<>();
        for (Example e : all) {
            groups.computeIfAbsent(e.domain() + "/" + e.label(), k -> new ArrayList<>()).add(e);
        }
        List<Example> out = new ArrayList<>();
        Random rnd = new Random(seed);
        for (List<Example> g : groups.values()) {
            if (g.size() > maxPerClass) {
                List<Example> copy = new ArrayList<>(g);
                Collections.shuffle(copy, rnd);
                out.addAll(copy.subList(0, maxPerClass));
            } else {
                out.addAll(g);
            }
        }
        return out;
    }

    public static MessageDigest sha256() {
        return Sha256.digest();
    }

    public static String sha256(Path file) throws IOException {
        return Sha256.of(file);
    }

    public static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }
}
