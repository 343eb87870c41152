package io.centinela.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/**
 * A parsed HEC reply: HTTP status, HEC {@code code} (-1 when the body is not a JSON object with an integral
 * {@code code}: a load balancer's 502 page, a proxy's login page), {@code text} (for a body that is not HEC JSON, a
 * short single-line excerpt of it), {@code invalid-event-number} and {@code ackId} (-1 when absent) and the
 * {@code Location} header (null when absent).
 *
 * <p>Success is strict (the "HEC success rule" of docs/connector.md): HTTP 200 with a JSON body whose code is 0.
 * Anything else that is not a HEC answer (a 2xx page, a 3xx redirect, a 4xx without a HEC code) is
 * {@link HecCode.Action#FATAL_CONFIG}: the URL does not point at HEC, and no answer from it may count as delivery.
 */
public record HecResponse(int status, int code, String text, int invalidEventNumber, long ackId, String location) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 160;

    public static HecResponse parse(int status, String body) {
        return parse(status, body, null);
    }

    public static HecResponse parse(int status, String body, String location) {
        int code = -1;
        String text = null;
        int invalid = -1;
        long ack = -1;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode n = JSON.readTree(body);
                JsonNode c = n == null ? null : n.get("code");
                // "code":"0" or "code":0.5 is not HEC: only an integral number is
                if (n != null && n.isObject() && c != null && c.isIntegralNumber() && c.canConvertToInt()) {
                    code = c.intValue();
                    text = n.path("text").asText("");
                    invalid = n.path("invalid-event-number").asInt(-1);
                    ack = n.path("ackId").asLong(-1);
                }
            } catch (Exception e) {
                // not JSON (a proxy's HTML page): the excerpt below names it
            }
        }
        if (text == null) {
            text = excerpt(body);
        }
        return new HecResponse(status, code, text, invalid, ack, location == null ? null : excerpt(location));
    }

    /** The defined HEC code of the body, if it has one. */
    public Optional<HecCode> hecCode() {
        return HecCode.of(code);
    }

    public boolean redirect() {
        return status >= 300 && status < 400;
    }

    /**
     * What to do with this reply to an event request. In this order: a redirect is fatal (never followed); 5xx, 429
     * and 408 are retried whatever the body (load balancers answer them with HTML); a defined HEC code decides
     * (success only with HTTP 200); without one, 413 is too large (the client splits) and everything else is fatal.
     */
    public HecCode.Action action() {
        if (redirect()) {
            return HecCode.Action.FATAL_CONFIG;
        }
        if (status >= 500 || status == 429 || status == 408) {
            return HecCode.Action.RETRY;
        }
        Optional<HecCode> c = hecCode();
        if (c.isPresent()) {
            return switch (c.get().action()) {
                case SUCCESS -> status == 200 ? HecCode.Action.SUCCESS : HecCode.Action.FATAL_CONFIG;
                case HEALTHY -> HecCode.Action.FATAL_CONFIG; // a /health answer to an event POST: not the HEC URL
                default -> c.get().action();
            };
        }
        return status == 413 ? HecCode.Action.BAD_DATA : HecCode.Action.FATAL_CONFIG;
    }

    public boolean success() {
        return action() == HecCode.Action.SUCCESS;
    }

    /** Worth retrying later: server errors, busy, throttled, gateway problems. */
    public boolean retriable() {
        return action() == HecCode.Action.RETRY;
    }

    /** Retrying cannot help: a configuration error, or the URL does not answer like HEC. */
    public boolean fatal() {
        return action() == HecCode.Action.FATAL_CONFIG;
    }

    /** The data itself is bad (code 5, 6, 12, 13, 15, or 413). */
    public boolean badData() {
        return action() == HecCode.Action.BAD_DATA;
    }

    /** The code {@link HecFatalException} carries: the HEC code, or minus the HTTP status when the body had none. */
    public int fatalCode() {
        return code >= 0 ? code : -status;
    }

    /** For a fatal reply: what is wrong and which setting to fix (never the token). */
    public String fatalReason() {
        if (redirect()) {
            return "the HEC URL answered " + describe() + " redirecting to "
                    + (location == null ? "(no Location header)" : location)
                    + ": redirects are never followed (the token would go to another address); set hec.urls to the"
                    + " HEC address itself (https://host:8088)";
        }
        Optional<HecCode> c = hecCode();
        if (c.isPresent() && c.get().action() == HecCode.Action.FATAL_CONFIG) {
            String hint = c.get().hint();
            return "HEC refused the request: " + describe() + (hint.isEmpty() ? "" : " (" + hint + ")");
        }
        if (code >= 0 && (status == 401 || status == 403 || status == 404 || status == 405)) {
            // Splunk's own answers for a wrong path or method carry the status as code
            return "HEC refused the request: " + describe() + " (check hec.urls: the base URL, https://host:8088)";
        }
        if (status == 415) {
            return "HEC refused the request: " + describe() + " (the receiver does not take gzip bodies: set hec.gzip"
                    + " to false)";
        }
        return "the HEC URL does not answer like HEC (" + describe() + "): a proxy or login page? set hec.urls to"
                + " the HEC address itself (https://host:8088, not Splunk Web)";
    }

    public String describe() {
        return "HTTP " + status + (code >= 0 ? " code " + code : "") + " '" + text + "'"
                + (invalidEventNumber >= 0 ? " invalid-event-number " + invalidEventNumber : "");
    }

    /** One line, at most {@value #EXCERPT} characters: an HTML page must not flood the log. */
    private static String excerpt(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= EXCERPT ? one : one.substring(0, EXCERPT) + "...";
    }
}
