package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gate in front of {@code train --feedback}: every row of every feedback file must carry the provenance
 * {@code feedback pull} writes (analyst, alert id, verdict time), and no analyst may give more than
 * {@code maxShare} of the feedback rows of the whole run (several pulls together can exceed a cap each pull
 * respected). Refuses, naming the analyst and the share, rather than trimming silently; prints every analyst's
 * share either way.
 */
public final class FeedbackMix {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedbackMix() {
    }

    /** Rows per analyst over {@code files}; throws when a row lacks provenance or an analyst is over the cap. */
    public static Map<String, Integer> check(List<Path> files, double maxShare, PrintStream log) throws IOException {
        Map<String, Integer> byAnalyst = new TreeMap<>();
        int total = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode meta = JSON.readTree(line).path("meta");
                    if (!meta.hasNonNull("analyst") || !meta.hasNonNull("alert_id") || !meta.has("verdict_time")) {
                        throw new IllegalArgumentException(f + ":" + n + ": a feedback row needs meta.analyst, "
                                + "meta.alert_id and meta.verdict_time (write it with `feedback pull`)");
                    }
                    byAnalyst.merge(meta.get("analyst").asText(), 1, Integer::sum);
                    total++;
                }
            }
        }
        log.printf(Locale.ROOT, "feedback: %d rows from %d file(s), analyst cap %.0f %%%n", total, files.size(),
                maxShare * 100);
        for (Map.Entry<String, Integer> e : byAnalyst.entrySet()) {
            log.printf(Locale.ROOT, "  %-20s %5d rows (%.1f %%)%n", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / total);
        }
        for (Map.Entry<String, Integer> e : byAnalyst.entrySet()) {
            if (e.getValue() > maxShare * total) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "analyst %s gave %d of %d feedback rows (%.1f %%), over the cap of %.0f %%: pull with "
                                + "--max-analyst-share, or raise --feedback-max-analyst-share if you vouch for it",
                        e.getKey(), e.getValue(), total, 100.0 * e.getValue() / total, maxShare * 100));
            }
        }
        return byAnalyst;
    }
}
