package io.centinela.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertOrigin;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scan --csv}: the main alert fields as RFC 4180 CSV with a header row, for a spreadsheet. List fields are
 * joined with {@code ;}; {@code time} is ISO-8601 UTC; {@code origin} is {@code file:line} (or topic/partition/offset).
 * The JSON lines output keeps everything (docs/alert-schema.json).
 */
final class AlertCsv implements AutoCloseable {

    static final List<String> COLUMNS = List.of("alert_id", "time", "severity", "risk_score", "signature",
            "signature_id", "detection_sources", "mitre_technique_id", "category", "dest", "user", "src", "origin");

    private final SequenceWriter out;

    AlertCsv(Writer writer) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        COLUMNS.forEach(schema::addColumn);
        this.out = new CsvMapper().writerFor(Map.class).with(schema.build().withHeader()).writeValues(writer);
    }

    void write(Alert a) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("alert_id", a.alertId());
        row.put("time", Instant.ofEpochMilli(Math.round(a.time() * 1000)).toString());
        row.put("severity", a.severity().cimName());
        row.put("risk_score", a.riskScore());
        row.put("signature", a.signature());
        row.put("signature_id", a.signatureId());
        row.put("detection_sources", String.join(";", a.detectionSources()));
        row.put("mitre_technique_id", String.join(";", a.mitreTechniqueId()));
        row.put("category", a.category());
        row.put("dest", a.dest());
        row.put("user", a.user());
        row.put("src", a.src());
        row.put("origin", origin(a.origin()));
        out.write(row);
    }

    private static String origin(AlertOrigin o) {
        if (o == null) {
            return null;
        }
        return o.file() != null ? o.file() + ":" + o.line() : o.topic() + "/" + o.partition() + "/" + o.offset();
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
