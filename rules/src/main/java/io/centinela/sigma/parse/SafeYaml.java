package io.centinela.sigma.parse;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML text into {@link YamlNode} trees with limits: a size cap, few aliases, no recursive keys, a node
 * budget (so a handful of aliases cannot expand into millions of nodes), no duplicate keys. Keeps line numbers.
 * Thread-safe: settings are immutable and every call builds its own composer.
 */
public final class SafeYaml {

    /** Largest rule file accepted (SigmaHQ's largest is under 300 KB). */
    public static final int DEFAULT_MAX_CHARS = 4 << 20;
    /** Largest number of YAML nodes one file may expand to. */
    public static final int DEFAULT_MAX_NODES = 500_000;
    /** Aliases to lists or maps one file may use (a billion-laughs file needs many; real rules use none). */
    static final int MAX_COLLECTION_ALIASES = 20;

    private final int maxChars;
    private final int maxNodes;

    public SafeYaml() {
        this(DEFAULT_MAX_CHARS, DEFAULT_MAX_NODES);
    }

    public SafeYaml(int maxChars, int maxNodes) {
        this.maxChars = maxChars;
        this.maxNodes = maxNodes;
    }

    /**
     * Settings per call: the read buffer covers the whole text, which sidesteps a snakeyaml-engine 2.10
     * StreamReader bug on surrogate pairs that straddle its buffer boundary (IndexOutOfBoundsException).
     */
    private LoadSettings settings(int length) {
        return LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setBufferSize(Math.max(1024, length + 2))
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(false)
                .setCodePointLimit(maxChars)
                .setUseMarks(true)
                .build();
    }

    /** Every document of the text, in order; empty documents are skipped. */
    public List<YamlNode> loadAll(String text) throws SigmaSyntaxException {
        if (text.length() > maxChars) {
            throw new SigmaSyntaxException(0, "file has " + text.length() + " characters, over the limit of " + maxChars);
        }
        List<YamlNode> docs = new ArrayList<>();
        int[] budget = {maxNodes};
        try {
            for (Node node : new Compose(settings(text.length())).composeAllFromString(text)) {
                if (node != null) {
                    docs.add(convert(node, budget, 0));
                }
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new SigmaSyntaxException(line, "invalid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            if (String.valueOf(e.getMessage()).startsWith("Number of aliases for non-scalar nodes")) {
                throw new SigmaSyntaxException(aliasLimitLine(text), "YAML uses more than " + MAX_COLLECTION_ALIASES
                        + " aliases to lists or maps (alias bomb?)", e);
            }
            throw new SigmaSyntaxException(0, "invalid YAML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SigmaSyntaxException(0, "YAML reader failed: " + e, e);
        }
        return docs;
    }

    /**
     * The line of the alias that took the file over {@link #MAX_COLLECTION_ALIASES}: snakeyaml-engine's composer
     * throws without a position, so the events are replayed counting aliases the way the composer does (across the
     * stream, an alias counting when its anchor names a list or map). Runs only for a file already refused.
     */
    private int aliasLimitLine(String text) {
        Set<Anchor> collections = new HashSet<>();
        int count = 0;
        try {
            for (Event ev : new Parse(settings(text.length())).parseString(text)) {
                if (ev instanceof DocumentStartEvent) {
                    collections.clear();
                } else if (ev instanceof AliasEvent a) {
                    if (collections.contains(a.getAlias()) && ++count > MAX_COLLECTION_ALIASES) {
                        return a.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                    }
                } else if (ev instanceof NodeEvent n && n.getAnchor().isPresent()) {
                    if (ev instanceof ScalarEvent) {
                        collections.remove(n.getAnchor().get()); // an anchor redefined on a scalar
                    } else {
                        collections.add(n.getAnchor().get());
                    }
                }
            }
        } catch (RuntimeException e) {
            return 0; // the replay cannot fail where the composer passed; a position is a courtesy, not a must
        }
        return 0;
    }

    private YamlNode convert(Node node, int[] budget, int depth) throws SigmaSyntaxException {
        int line = line(node);
        if (--budget[0] < 0) {
            throw new SigmaSyntaxException(line, "YAML expands to more than " + maxNodes + " nodes (alias bomb?)");
        }
        if (depth > 64) {
            throw new SigmaSyntaxException(line, "YAML nested deeper than 64 levels");
        }
        if (node instanceof ScalarNode s) {
            return new YamlNode.YScalar(s.getValue(), kindOf(s.getTag()), line);
        }
        if (node instanceof SequenceNode seq) {
            List<YamlNode> items = new ArrayList<>(seq.getValue().size());
            for (Node n : seq.getValue()) {
                items.add(convert(n, budget, depth + 1));
            }
            return new YamlNode.YList(Collections.unmodifiableList(items), line);
        }
        MappingNode map = (MappingNode) node;
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new SigmaSyntaxException(line(t.getKeyNode()), "mapping keys must be scalars");
            }
            String key = k.getValue();
            if (entries.containsKey(key)) {
                throw new SigmaSyntaxException(line(k), "duplicate key '" + key + "'");
            }
            entries.put(key, convert(t.getValueNode(), budget, depth + 1));
            keyLines.put(key, line(k));
        }
        return new YamlNode.YMap(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
    }

    private static YamlNode.YScalar.Kind kindOf(Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return YamlNode.YScalar.Kind.NULL;
        }
        if (Tag.BOOL.equals(tag)) {
            return YamlNode.YScalar.Kind.BOOL;
        }
        if (Tag.INT.equals(tag)) {
            return YamlNode.YScalar.Kind.INT;
        }
        if (Tag.FLOAT.equals(tag)) {
            return YamlNode.YScalar.Kind.FLOAT;
        }
        return YamlNode.YScalar.Kind.STRING;
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }
}
