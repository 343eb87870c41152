package io.centinela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code centinela model compare --shadow-log FILE [--verdicts FILES]}: over a shadow period, the live and the
 * candidate package's would-alert decisions per 10k events, how often they agree, and, with verdicts (rows of
 * {@code feedback pull}, joined on the event's origin), how often each agrees with the analysts. An event scored
 * more than once (re-read after a rebalance) counts once, with its last line.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Live vs candidate over a shadow log: alerts per 10k events and agreement with later verdicts.")
final class ModelCompareCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--shadow-log", required = true, paramLabel = "FILE", description = "The service's model.shadow.log.")
    Path shadowLog;

    @Option(names = "--verdicts", split = ",", paramLabel = "FILE",
            description = "Labelled rows from `centinela feedback pull` (label + meta.origin), comma-separated.")
    List<Path> verdicts = List.of();

    /** One event's two decisions. */
    record Decision(boolean live, boolean candidate) {
    }

    @Override
    public Integer call() throws IOException {
        Map<String, Decision> byOrigin = new LinkedHashMap<>();
        TreeSet<String> liveVersions = new TreeSet<>();
        TreeSet<String> candVersions = new TreeSet<>();
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(shadowLog, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UserException(shadowLog + ":" + lineNo + ": not a shadow log line (" + e.getOriginalMessage() + ")");
                }
                if (!o.path("origin").isTextual() || !o.path("live_alert").isBoolean() || !o.path("cand_alert").isBoolean()) {
                    throw new UserException(shadowLog + ":" + lineNo + ": not a shadow log line (needs origin, live_alert, cand_alert)");
                }
                byOrigin.put(o.get("origin").asText(), new Decision(o.get("live_alert").asBoolean(), o.get("cand_alert").asBoolean()));
                liveVersions.add(o.path("live_version").asText());
                candVersions.add(o.path("cand_version").asText());
            }
        }
        if (byOrigin.isEmpty()) {
            throw new UserException(shadowLog + " holds no shadow scores (is model.shadow.dir set and has the service scored events?)");
        }
        int n = byOrigin.size();
        int la = 0;
        int ca = 0;
        int agree = 0;
        for (Decision d : byOrigin.values()) {
            la += d.live() ? 1 : 0;
            ca += d.candidate() ? 1 : 0;
            agree += d.live() == d.candidate() ? 1 : 0;
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "shadow log: %d events scored by both (live %s, candidate %s)%n", n,
                String.join(", ", liveVersions), String.join(", ", candVersions));
        out.printf(Locale.ROOT, "%-28s %12s %12s%n", "", "live", "candidate");
        out.printf(Locale.ROOT, "%-28s %12d %12d%n", "model alerts", la, ca);
        out.printf(Locale.ROOT, "%-28s %12.1f %12.1f%n", "alerts per 10k events", per10k(la, n), per10k(ca, n));
        out.printf(Locale.ROOT, "decisions agree on %d of %d events (%.1f %%)%n", agree, n, 100.0 * agree / n);
        if (!verdicts.isEmpty()) {
            compareVerdicts(byOrigin, out);
        }
        return 0;
    }

    private void compareVerdicts(Map<String, Decision> byOrigin, PrintStream out) throws IOException {
        int rows = 0;
        int matched = 0;
        int malicious = 0;
        int liveRight = 0;
        int candRight = 0;
        int[] liveTp = new int[1];
        int[] candTp = new int[1];
        int liveFp = 0;
        int candFp = 0;
        for (Path f : verdicts) {
            int lineNo = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode v;
                try {
                    v = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UserException(f + ":" + lineNo + ": not a JSON line (" + e.getOriginalMessage() + ")");
                }
                String label = v.path("label").asText();
                if (!label.equals("malicious") && !label.equals("benign")) {
                    throw new UserException(f + ":" + lineNo + ": label must be malicious or benign (a `feedback pull` row), got '" + label + "'");
                }
                rows++;
                Decision d = byOrigin.get(originKey(v.path("meta").path("origin")));
                if (d == null) {
                    continue;
                }
                matched++;
                boolean bad = label.equals("malicious");
                malicious += bad ? 1 : 0;
                liveRight += d.live() == bad ? 1 : 0;
                candRight += d.candidate() == bad ? 1 : 0;
                if (bad) {
                    liveTp[0] += d.live() ? 1 : 0;
                    candTp[0] += d.candidate() ? 1 : 0;
                } else {
                    liveFp += d.live() ? 1 : 0;
                    candFp += d.candidate() ? 1 : 0;
                }
            }
        }
        out.printf(Locale.ROOT, "verdicts: %d rows, %d on events of the shadow log (%d malicious, %d benign)%n", rows,
                matched, malicious, matched - malicious);
        if (matched == 0) {
            return;
        }
        out.printf(Locale.ROOT, "%-28s %12s %12s%n", "", "live", "candidate");
        out.printf(Locale.ROOT, "%-28s %12s %12s%n", "agree with the verdict", frac(liveRight, matched), frac(candRight, matched));
        out.printf(Locale.ROOT, "%-28s %12s %12s%n", "malicious alerted", frac(liveTp[0], malicious), frac(candTp[0], malicious));
        out.printf(Locale.ROOT, "%-28s %12s %12s%n", "benign alerted (FP)", frac(liveFp, matched - malicious),
                frac(candFp, matched - malicious));
    }

    /** The event origin key the service logs ({@code EventOrigin.key()}), from a feedback row's meta.origin. */
    static String originKey(JsonNode o) {
        if (o.hasNonNull("topic")) {
            return "kafka:" + o.path("topic").asText() + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong();
        }
        if (o.hasNonNull("file")) {
            return "file:" + o.path("file").asText() + ":" + o.path("line").asLong();
        }
        return "";
    }

    private static double per10k(int k, int n) {
        return 10_000.0 * k / n;
    }

    private static String frac(int k, int n) {
        return n == 0 ? "-" : k + "/" + n;
    }
}
