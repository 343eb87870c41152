package io.centinela.sigma.logsource;

import io.centinela.event.EventKind;
import io.centinela.sigma.eval.Lower;
import io.centinela.sigma.parse.LogSource;
import io.centinela.sigma.parse.SafeYaml;
import io.centinela.sigma.parse.SigmaSyntaxException;
import io.centinela.sigma.parse.YamlNode;
import io.centinela.sigma.parse.YamlNode.YList;
import io.centinela.sigma.parse.YamlNode.YMap;
import io.centinela.sigma.parse.YamlNode.YScalar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a rule's logsource (product/category/service) to the event variants it applies to. The built-in table is
 * the resource {@code io/centinela/sigma/logsources.yml}; {@link #withOverrides} layers a user file on top.
 * Immutable.
 */
public final class LogSourceMapping {

    private static final String RESOURCE = "/io/centinela/sigma/logsources.yml";

    /** One mapping entry: the logsource keys it matches and its variants. */
    public record Entry(Map<String, String> match, List<LogSourceVariant> variants) {
    }

    private final List<Entry> entries;
    private final List<LogSourceVariant> defaults;

    private LogSourceMapping(List<Entry> entries, List<LogSourceVariant> defaults) {
        this.entries = List.copyOf(entries);
        this.defaults = List.copyOf(defaults);
    }

    /** The project's built-in mapping. */
    public static LogSourceMapping builtIn() {
        try (InputStream in = LogSourceMapping.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException | SigmaSyntaxException e) {
            throw new IllegalStateException("built-in log-source mapping is broken: " + e.getMessage(), e);
        }
    }

    public static LogSourceMapping load(Path file) throws IOException, SigmaSyntaxException {
        return parse(Files.readString(file), file.toString());
    }

    /** A mapping where {@code other}'s entries replace equal-match entries of this one and add the rest. */
    public LogSourceMapping withOverrides(LogSourceMapping other) {
        List<Entry> merged = new ArrayList<>(other.entries);
        for (Entry e : entries) {
            if (other.entries.stream().noneMatch(o -> o.match().equals(e.match()))) {
                merged.add(e);
            }
        }
        return new LogSourceMapping(merged, other.defaults.isEmpty() ? defaults : other.defaults);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The variants of a rule's logsource: the union of the most specific entries whose every match key equals
     * the rule's; the default variants when none matches.
     */
    public List<LogSourceVariant> resolve(LogSource ls) {
        Map<String, String> rule = new LinkedHashMap<>();
        if (ls.product() != null) rule.put("product", ls.product());
        if (ls.category() != null) rule.put("category", ls.category());
        if (ls.service() != null) rule.put("service", ls.service());
        int best = 0;
        List<LogSourceVariant> out = new ArrayList<>();
        for (Entry e : entries) {
            boolean ok = e.match().entrySet().stream().allMatch(m -> m.getValue().equals(rule.get(m.getKey())));
            if (!ok) {
                continue;
            }
            int size = e.match().size();
            if (size > best) {
                best = size;
                out.clear();
            }
            if (size == best) {
                out.addAll(e.variants());
            }
        }
        return out.isEmpty() ? defaults : out;
    }

    static LogSourceMapping parse(String text, String source) throws SigmaSyntaxException {
        List<YamlNode> docs = new SafeYaml().loadAll(text);
        if (docs.size() != 1 || !(docs.get(0) instanceof YMap root)) {
            throw new SigmaSyntaxException(1, source + ": a mapping file is one YAML mapping with 'logsources'");
        }
        List<Entry> entries = new ArrayList<>();
        if (root.get("logsources") instanceof YList list) {
            for (YamlNode n : list.items()) {
                if (!(n instanceof YMap e)) {
                    throw new SigmaSyntaxException(n.line(), "each logsources entry must be a mapping");
                }
                if (!(e.get("match") instanceof YMap match)) {
                    throw new SigmaSyntaxException(e.line(), "entry needs 'match: {product/category/service: ...}'");
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (var me : match.entries().entrySet()) {
                    if (!List.of("product", "category", "service").contains(me.getKey())) {
                        throw new SigmaSyntaxException(match.lineOf(me.getKey()), "match key '" + me.getKey()
                                + "' must be product, category or service");
                    }
                    m.put(me.getKey(), scalar(me.getValue()).toLowerCase(Locale.ROOT));
                }
                entries.add(new Entry(m, variants(e.get("variants"), e.line())));
            }
        } else if (root.get("logsources") != null) {
            throw new SigmaSyntaxException(root.lineOf("logsources"), "'logsources' must be a list");
        }
        List<LogSourceVariant> defaults = root.get("default") == null ? List.of() : variants(root.get("default"), root.lineOf("default"));
        return new LogSourceMapping(entries, defaults);
    }

    private static List<LogSourceVariant> variants(YamlNode node, int line) throws SigmaSyntaxException {
        if (!(node instanceof YList list) || list.items().isEmpty()) {
            throw new SigmaSyntaxException(line, "'variants' must be a non-empty list");
        }
        List<LogSourceVariant> out = new ArrayList<>();
        for (YamlNode vn : list.items()) {
            if (!(vn instanceof YMap v) || !(v.get("when") instanceof YMap when)) {
                throw new SigmaSyntaxException(vn.line(), "each variant needs 'when: {field: values}'");
            }
            Set<EventKind> kinds = null;
            Map<String, Set<String>> fields = new LinkedHashMap<>();
            for (var w : when.entries().entrySet()) {
                Set<String> vals = new LinkedHashSet<>();
                for (String s : scalars(w.getValue())) {
                    vals.add(Lower.of(s));
                }
                if (w.getKey().equals("kind")) {
                    kinds = EnumSet.noneOf(EventKind.class);
                    for (String s : vals) {
                        try {
                            kinds.add(EventKind.valueOf(s.toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException ex) {
                            throw new SigmaSyntaxException(when.lineOf("kind"), "unknown event kind '" + s + "'");
                        }
                    }
                } else {
                    fields.put(w.getKey(), vals);
                }
            }
            Map<String, String> renames = new LinkedHashMap<>();
            if (v.get("fields") instanceof YMap f) {
                for (var r : f.entries().entrySet()) {
                    renames.put(r.getKey(), scalar(r.getValue()));
                }
            }
            out.add(new LogSourceVariant(new Gate(kinds, fields), renames));
        }
        return out;
    }

    private static String scalar(YamlNode n) throws SigmaSyntaxException {
        if (!(n instanceof YScalar s) || s.isNull()) {
            throw new SigmaSyntaxException(n.line(), "expected a value");
        }
        return s.text();
    }

    private static List<String> scalars(YamlNode n) throws SigmaSyntaxException {
        if (n instanceof YList l) {
            List<String> out = new ArrayList<>();
            for (YamlNode i : l.items()) {
                out.add(scalar(i));
            }
            return out;
        }
        return List.of(scalar(n));
    }
}
