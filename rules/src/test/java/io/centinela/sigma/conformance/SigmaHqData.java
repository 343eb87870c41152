package io.centinela.sigma.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.sigma.parse.SafeYaml;
import io.centinela.sigma.parse.YamlNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Locates the SigmaHQ snapshot in ../shared/data/sigma (read in place, never copied) and its regression tests. */
final class SigmaHqData {

    /** The folders whose rules SigmaHQ calls active (everything but deprecated/): 3,780 rules at 8eaafff. */
    static final List<String> ACTIVE = List.of("rules", "rules-emerging-threats", "rules-threat-hunting",
            "rules-placeholder", "rules-compliance");

    private static final Pattern TEST_PATH = Pattern.compile("(?m)^regression_tests_path:\\s*(\\S+)\\s*$");

    private SigmaHqData() {
    }

    static Path root() {
        String shared = System.getProperty("centinela.shared", "../shared");
        Path p = Path.of(shared, "data", "sigma").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("rules")) || !Files.isDirectory(p.resolve("regression_data"))) {
            throw new IllegalStateException("SigmaHQ test data not found at " + p
                    + " (set -Dcentinela.shared=/path/to/shared; CI provides it)");
        }
        return p;
    }

    static List<Path> activeDirs() {
        return ACTIVE.stream().map(root()::resolve).toList();
    }

    static List<Path> activeRuleFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : activeDirs()) {
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** One regression test: the rule file, the expected rule id, the minimum match count and the event file. */
    record RegressionTest(Path ruleFile, String ruleId, int matchCount, Path events) {
    }

    static List<RegressionTest> regressionTests() throws Exception {
        List<RegressionTest> out = new ArrayList<>();
        Path root = root();
        SafeYaml yaml = new SafeYaml();
        for (Path rule : activeRuleFiles()) {
            Matcher m = TEST_PATH.matcher(Files.readString(rule));
            if (!m.find()) {
                continue;
            }
            Path info = root.resolve(m.group(1));
            YamlNode.YMap doc = (YamlNode.YMap) yaml.loadAll(Files.readString(info)).get(0);
            String id = text(((YamlNode.YMap) ((YamlNode.YList) doc.get("rule_metadata")).items().get(0)).get("id"));
            for (YamlNode t : ((YamlNode.YList) doc.get("regression_tests_info")).items()) {
                YamlNode.YMap tm = (YamlNode.YMap) t;
                YamlNode mc = tm.get("match_count");
                int count = mc == null ? 1 : Integer.parseInt(text(mc));
                String evtx = text(tm.get("path"));
                Path json = root.resolve(evtx.replaceAll("\\.evtx$", ".json"));
                out.add(new RegressionTest(rule, id, count, json));
            }
        }
        return out;
    }

    private static String text(YamlNode n) {
        return ((YamlNode.YScalar) n).text();
    }

    /** Reads a file of concatenated (or line-delimited) JSON objects into events. */
    static List<Event> readEvents(Path file) throws IOException {
        List<Event> out = new ArrayList<>();
        EventNormalizer normalizer = new EventNormalizer();
        ObjectMapper mapper = new ObjectMapper();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
            int n = 0;
            while (it.hasNext()) {
                JsonNode node = it.next();
                out.add(normalizer.normalize(node, new EventOrigin.File(file.toString(), ++n), EventFormat.AUTO, 0));
            }
        }
        return out;
    }
}
