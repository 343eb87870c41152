package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Turns triage records (KV store JSON or an exported row) into {@link Verdict}s. Records without an
 * {@code alert_id} or with an unknown disposition are rejected with the reason, never guessed.
 */
final class VerdictRecords {

    /** Verdicts read and the records refused (with why). */
    record Parsed(List<Verdict> verdicts, List<String> refused) {
    }

    private VerdictRecords() {
    }

    static Parsed parse(Iterable<JsonNode> records) {
        List<Verdict> out = new java.util.ArrayList<>();
        List<String> refused = new java.util.ArrayList<>();
        int n = 0;
        for (JsonNode r : records) {
            n++;
            String id = r.path("alert_id").asText(r.path("_key").asText(""));
            if (id.isBlank()) {
                refused.add("record " + n + ": no alert_id");
                continue;
            }
            String d = r.path("disposition").asText("");
            var disp = Disposition.parse(d);
            if (disp.isEmpty()) {
                refused.add("record " + n + " (alert " + id + "): unknown disposition '" + d + "'");
                continue;
            }
            double time;
            try {
                time = r.path("updated").isNumber() ? r.get("updated").asDouble()
                        : Double.parseDouble(r.path("updated").asText("0"));
            } catch (NumberFormatException e) {
                refused.add("record " + n + " (alert " + id + "): updated is not epoch seconds");
                continue;
            }
            out.add(new Verdict(id, disp.get(), r.path("owner").asText(""), time, r.path("comment").asText("")));
        }
        return new Parsed(List.copyOf(out), List.copyOf(refused));
    }
}
