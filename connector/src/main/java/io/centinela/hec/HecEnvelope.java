package io.centinela.hec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;

import java.util.Locale;

/**
 * Wraps an alert in the HEC event envelope: {@code time} (epoch seconds, millisecond fraction), host, source,
 * sourcetype, index, {@code event} = the alert, {@code fields} = flat indexed fields (strings only, code 15 otherwise).
 */
public record HecEnvelope(String index, String source, String sourcetype, String host) {

    public static HecEnvelope defaults() {
        return new HecEnvelope(null, "centinela", "centinela:alert", null);
    }

    public ObjectNode tree(Alert alert) {
        ObjectNode n = AlertJson.mapper().createObjectNode();
        n.set("time", AlertJson.mapper().getNodeFactory().numberNode(new java.math.BigDecimal(
                String.format(Locale.ROOT, "%.3f", alert.time()))));
        String h = host != null ? host : alert.dest() != null ? alert.dest() : LocalHost.NAME;
        n.put("host", h);
        n.put("source", source);
        n.put("sourcetype", sourcetype);
        if (index != null) {
            n.put("index", index);
        }
        n.set("event", AlertJson.mapper().valueToTree(alert));
        ObjectNode fields = n.putObject("fields");
        fields.put("alert_id", alert.alertId());
        fields.put("severity", alert.severity().cimName());
        return n;
    }

    public byte[] bytes(Alert alert) {
        try {
            return AlertJson.mapper().writeValueAsBytes(tree(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert not serialisable: " + e.getMessage(), e);
        }
    }

    /** This machine's name, looked up once. */
    static final class LocalHost {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "centinela";
            }
        }
    }
}
