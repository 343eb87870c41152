package io.centinela.sigma.compile;

import io.centinela.sigma.parse.SafeYaml;
import io.centinela.sigma.parse.SigmaSyntaxException;
import io.centinela.sigma.parse.YamlNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for {@code %name%} placeholders used by the {@code expand} modifier. File format (YAML):
 * {@code placeholders: {Admins_Workstations: [ADM-PC1, ADM-PC2], ...}} or the same map at top level.
 */
public record Placeholders(Map<String, List<String>> values) {

    public static final Placeholders NONE = new Placeholders(Map.of());

    public Placeholders {
        values = Map.copyOf(values);
    }

    public List<String> get(String name) {
        return values.get(name);
    }

    public static Placeholders load(Path file) throws IOException, SigmaSyntaxException {
        List<YamlNode> docs = new SafeYaml().loadAll(Files.readString(file));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (YamlNode doc : docs) {
            if (!(doc instanceof YamlNode.YMap m)) {
                throw new SigmaSyntaxException(doc.line(), "placeholder file must be a mapping");
            }
            YamlNode inner = m.get("placeholders");
            YamlNode.YMap map = inner instanceof YamlNode.YMap im ? im : m;
            for (var e : map.entries().entrySet()) {
                List<String> vals = new ArrayList<>();
                if (e.getValue() instanceof YamlNode.YScalar s) {
                    vals.add(s.text());
                } else if (e.getValue() instanceof YamlNode.YList l) {
                    for (YamlNode n : l.items()) {
                        if (!(n instanceof YamlNode.YScalar s)) {
                            throw new SigmaSyntaxException(n.line(), "placeholder values must be scalars");
                        }
                        vals.add(s.text());
                    }
                } else {
                    throw new SigmaSyntaxException(map.lineOf(e.getKey()), "placeholder '" + e.getKey() + "' must be a value or a list");
                }
                out.put(e.getKey(), vals);
            }
        }
        return new Placeholders(out);
    }
}
