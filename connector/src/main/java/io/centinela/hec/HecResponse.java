package io.centinela.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A parsed HEC reply: HTTP status, HEC {@code code} (-1 when the body had none, e.g. a load balancer's 502),
 * {@code text}, {@code invalid-event-number} (-1 when absent) and {@code ackId} (-1 when absent).
 */
public record HecResponse(int status, int code, String text, int invalidEventNumber, long ackId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static HecResponse parse(int status, String body) {
        int code = -1;
        String text = body == null ? "" : body;
        int invalid = -1;
        long ack = -1;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.isObject()) {
                    code = n.path("code").asInt(-1);
                    text = n.path("text").asText(text);
                    invalid = n.path("invalid-event-number").asInt(-1);
                    ack = n.path("ackId").asLong(-1);
                }
            } catch (Exception e) {
                // not JSON (a proxy's HTML page): keep the status only
            }
        }
        return new HecResponse(status, code, text, invalid, ack);
    }

    public boolean success() {
        return status == 200 && (code == 0 || code == -1);
    }

    /** Worth retrying later: server errors, busy, throttled, gateway problems. */
    public boolean retriable() {
        return status >= 500 || status == 429 || status == 408 || code == 8 || code == 9;
    }

    /** A configuration problem on our side: retrying cannot help. */
    public boolean fatal() {
        return switch (code) {
            case 1, 2, 3, 4, 7, 10, 11, 14, 16 -> true;
            default -> code == -1 && (status == 401 || status == 403 || status == 404 || status == 405);
        };
    }

    /** The data itself is bad (code 5, 6, 12, 13, 15, or a bare 400/415). */
    public boolean badData() {
        return switch (code) {
            case 5, 6, 12, 13, 15 -> true;
            default -> code == -1 && (status == 400 || status == 415 || status == 422);
        };
    }

    public String describe() {
        return "HTTP " + status + (code >= 0 ? " code " + code : "") + " '" + text + "'"
                + (invalidEventNumber >= 0 ? " invalid-event-number " + invalidEventNumber : "");
    }
}
