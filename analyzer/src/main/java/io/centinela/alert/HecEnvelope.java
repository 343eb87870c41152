package io.centinela.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The Splunk HEC {@code /services/collector/event} envelope of an alert: {@code time} (epoch seconds, millisecond
 * fraction), {@code host}, {@code source}, {@code sourcetype = centinela:alert}, optional {@code index},
 * {@code event} = the alert object, and a few flat indexed {@code fields} (strings or string arrays only, as HEC
 * requires) for fast {@code tstats}: alert_id, severity, detection_source, signature_id. The connector (HEC and
 * alerts.jsonl) and the demo share it; documented in docs/alert-schema.md.
 *
 * @param host       HEC {@code host} when the alert has no {@code dvc} (the device that logged the event)
 * @param source     HEC {@code source}, e.g. {@code centinela:<topic>}
 * @param index      HEC {@code index}, or null to use the token's default
 */
public record HecEnvelope(String host, String source, String index) {

    public static final String SOURCETYPE = "centinela:alert";

    public HecEnvelope {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
    }

    /** The envelope as a JSON tree. */
    public ObjectNode toTree(Alert alert) {
        var mapper = AlertJson.mapper();
        ObjectNode env = mapper.createObjectNode();
        env.put("time", EpochSecondsSerializer.toDecimal(alert.time()));
        env.put("host", alert.dvc() != null ? alert.dvc() : host);
        env.put("source", source);
        env.put("sourcetype", SOURCETYPE);
        if (index != null) {
            env.put("index", index);
        }
        ObjectNode event = mapper.valueToTree(alert);
        // valueToTree turns the serializer's plain number back into a double node (1.7E9 on output): set it again.
        event.put("time", EpochSecondsSerializer.toDecimal(alert.time()));
        env.set("event", event);
        ObjectNode fields = env.putObject("fields");
        fields.put("alert_id", alert.alertId());
        fields.put("severity", alert.severity().cimName());
        ArrayNode sources = fields.putArray("detection_source");
        alert.detectionSources().forEach(sources::add);
        if (alert.signatureId() != null) {
            fields.put("signature_id", alert.signatureId());
        }
        return env;
    }

    /** One envelope as compact JSON (no trailing newline); HEC batches are such objects back to back. */
    public String toJson(Alert alert) {
        try {
            return AlertJson.mapper().writeValueAsString(toTree(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert not serialisable: " + e.getMessage(), e);
        }
    }
}
