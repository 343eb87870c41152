package io.centinela.cli.yara;

import io.centinela.cli.Inputs;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.YaraEngine;
import io.centinela.yara.YaraMatch;
import io.centinela.yara.YaraUnavailableException;
import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleCompileException;
import io.centinela.yara.policy.EventScanResult;
import io.centinela.yara.policy.FieldSpec;
import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.ScanTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code centinela yara scan --rules DIR TARGET...}: a JSON events file (JSON lines or concatenated JSON) is
 * scanned event by event through the scan policy; any other file is scanned whole as file content.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan files, or the events of a JSON events file, with YARA rules.")
public final class YaraScanCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule file or folder (*.yar, *.yara); repeatable.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-bundled", description = "Do not load the project's own rules.")
    boolean noBundled;

    @Option(names = "--strict", description = "Refuse the whole rule set when any file has an error.")
    boolean strict;

    @Option(names = {"-d", "--define"}, paramLabel = "NAME=VALUE",
            description = "External variable declared with this default (e.g. -d filename=x.exe); repeatable.")
    List<String> defines = new ArrayList<>();

    @Option(names = "--field", paramLabel = "NAME[:text|content|base64]",
            description = "Also scan this event field or raw JSON path, for every event kind; repeatable.")
    List<String> fields = new ArrayList<>();

    @Option(names = "--mode", description = "auto (default: JSON events when the file starts with '{'), events or raw.")
    String mode = "auto";

    @Option(names = {"-s", "--strings"}, description = "Print matched strings (offset, identifier, excerpt).")
    boolean strings;

    @Option(names = "--json", description = "Print one JSON object per match.")
    boolean json;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Files or folders to scan.")
    List<Path> targets;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("rule file or folder", rules);
        Inputs.requireExisting("file or folder to scan", targets);
        PrintStream out = System.out;
        YaraConfig config = YaraConfig.defaults(rules).withBundledRules(!noBundled).withStrict(strict);
        List<ExternalVariable> externals = defines.stream().map(ExternalVariable::parse).toList();
        config = config.withExternals(externals);
        if (!fields.isEmpty()) {
            config = config.withPolicy(config.policy().withExtraFields(fields.stream().map(FieldSpec::parse).toList()));
        }
        YaraEngine engine;
        try {
            engine = YaraEngine.start(config);
        } catch (YaraUnavailableException e) {
            System.err.println(e.getMessage());
            return 3;
        } catch (RuleCompileException e) {
            e.diagnostics().forEach(d -> System.err.println(d));
            System.err.println("centinela yara: rule set refused (--strict)");
            return 2;
        }
        try (engine; PolicyEventScanner scanner = engine.newScanner()) {
            for (CompileDiagnostic d : engine.rules().diagnostics()) {
                System.err.println(d);
            }
            engine.rules().quarantined().forEach(c -> System.err.println("quarantined: " + c.describe()));
            System.err.printf("centinela yara: %d rules loaded (%d files rejected, %d warnings, %d quarantined)%n",
                    engine.rules().ruleCount(), engine.rules().rejected().size(), engine.rules().warnings().size(),
                    engine.rules().quarantined().size());
            for (Path target : targets) {
                List<Path> files;
                if (Files.isDirectory(target)) {
                    try (Stream<Path> walk = Files.walk(target)) {
                        files = walk.filter(Files::isRegularFile).sorted().toList();
                    }
                } else if (Files.isRegularFile(target)) {
                    files = List.of(target);
                } else {
                    System.err.println("centinela yara: no such file " + target);
                    return 2;
                }
                for (Path f : files) {
                    if (isEvents(f)) {
                        scanEvents(scanner, f, out);
                    } else {
                        scanRaw(scanner, f, out);
                    }
                }
            }
        }
        return 0;
    }

    private boolean isEvents(Path f) throws IOException {
        if (mode.equals("events")) {
            return true;
        }
        if (mode.equals("raw")) {
            return false;
        }
        if (!mode.equals("auto")) {
            throw new IllegalArgumentException("--mode must be auto, events or raw");
        }
        try (InputStream in = Files.newInputStream(f)) {
            int c;
            while ((c = in.read()) != -1) {
                if (!Character.isWhitespace(c)) {
                    return c == '{';
                }
            }
        }
        return false;
    }

    private void scanRaw(PolicyEventScanner scanner, Path f, PrintStream out) throws IOException {
        byte[] data = Files.readAllBytes(f);
        List<YaraMatch> matches = new ArrayList<>();
        List<EventScanResult.FieldOutcome> outcomes = new ArrayList<>();
        scanner.scanTarget(new ScanTarget(f.getFileName().toString(), data, FieldSpec.TargetType.CONTENT), "file",
                f.toString(), matches, outcomes);
        report(matches, outcomes, f.toString(), out);
    }

    private void scanEvents(PolicyEventScanner scanner, Path f, PrintStream out) throws IOException {
        EventNormalizer normalizer = new EventNormalizer();
        long n = 0;
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).without(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .readValues(f.toFile())) {
            while (true) {
                JsonNode tree;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    tree = it.nextValue();
                } catch (IOException | RuntimeException e) {
                    System.err.println("centinela yara: " + f + ": event " + (n + 1) + " is not valid JSON: " + e.getMessage());
                    break;
                }
                n++;
                if (!(tree instanceof ObjectNode)) {
                    System.err.println("centinela yara: " + f + ": event " + n + " is not a JSON object; skipped");
                    continue;
                }
                // An ML-dataset line {"event": {...}, "label": ...} carries the event under "event".
                JsonNode body = tree.has("event") && tree.get("event").isObject() && tree.has("label") ? tree.get("event") : tree;
                Event event = normalizer.normalize(body, new EventOrigin.File(f.toString(), n), EventFormat.AUTO, 0);
                EventScanResult r = scanner.scanDetailed(event);
                report(r.matches(), r.outcomes(), f + "#" + n, out);
            }
        }
    }

    private void report(List<YaraMatch> matches, List<EventScanResult.FieldOutcome> outcomes, String target,
                        PrintStream out) throws IOException {
        for (EventScanResult.FieldOutcome o : outcomes) {
            if (o.error() != null) {
                System.err.println("centinela yara: " + target + " " + o.field() + " (" + o.group() + "): " + o.error());
            }
        }
        for (YaraMatch m : matches) {
            if (json) {
                ObjectNode node = mapper.createObjectNode();
                node.put("target", target);
                node.set("match", mapper.valueToTree(m));
                out.println(mapper.writeValueAsString(node));
                continue;
            }
            out.println(m.namespace() + ":" + m.rule() + " [" + String.join(",", m.tags()) + "] " + target
                    + (m.scannedField() != null ? " field=" + m.scannedField() : ""));
            if (strings) {
                for (YaraMatch.MatchedString s : m.strings()) {
                    out.printf("  0x%x:%s: %s%n", s.offset(), s.identifier(), s.excerpt());
                }
            }
        }
    }
}
