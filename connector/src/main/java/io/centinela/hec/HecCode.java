package io.centinela.hec;

import java.util.Optional;

/**
 * The {@code code} values of a Splunk HEC reply (../shared/docs/splunk.md; the table is repeated in
 * docs/connector.md) with what the connector does on each. Codes HEC does not define here (Splunk also answers
 * {@code "code":404} and {@code 405}, the HTTP status) are classified by HTTP status in {@link HecResponse#action()}.
 */
public enum HecCode {
    SUCCESS(0, 200, "Success", Action.SUCCESS, ""),
    TOKEN_DISABLED(1, 403, "Token disabled", Action.FATAL_CONFIG,
            "the token is disabled in Splunk: enable it or set hec.token"),
    TOKEN_REQUIRED(2, 401, "Token is required", Action.FATAL_CONFIG, "check hec.token"),
    INVALID_AUTHORIZATION(3, 401, "Invalid authorization", Action.FATAL_CONFIG, "check hec.token"),
    INVALID_TOKEN(4, 403, "Invalid token", Action.FATAL_CONFIG, "check hec.token"),
    NO_DATA(5, 400, "No data", Action.BAD_DATA, ""),
    INVALID_DATA_FORMAT(6, 400, "Invalid data format", Action.BAD_DATA, ""),
    INCORRECT_INDEX(7, 400, "Incorrect index", Action.FATAL_CONFIG,
            "the token may not write to hec.index: fix hec.index or the token's allowed indexes"),
    INTERNAL_SERVER_ERROR(8, 500, "Internal server error", Action.RETRY, ""),
    SERVER_BUSY(9, 503, "Server is busy", Action.RETRY, ""),
    DATA_CHANNEL_MISSING(10, 400, "Data channel is missing", Action.FATAL_CONFIG,
            "indexer ack mismatch: set hec.ack.enabled to match the token's useACK"),
    INVALID_DATA_CHANNEL(11, 400, "Invalid data channel", Action.FATAL_CONFIG,
            "indexer ack mismatch: set hec.ack.enabled to match the token's useACK"),
    EVENT_FIELD_REQUIRED(12, 400, "Event field is required", Action.BAD_DATA, ""),
    EVENT_FIELD_BLANK(13, 400, "Event field cannot be blank", Action.BAD_DATA, ""),
    ACK_DISABLED(14, 400, "ACK is disabled", Action.FATAL_CONFIG,
            "indexer ack mismatch: set hec.ack.enabled to match the token's useACK"),
    INDEXED_FIELDS_ERROR(15, 400, "Error in handling indexed fields", Action.BAD_DATA, ""),
    QUERY_STRING_AUTH_DISABLED(16, 400, "Query string authorization is not enabled", Action.FATAL_CONFIG,
            "query-string auth is off"),
    HEALTHY(17, 200, "HEC is healthy", Action.HEALTHY, ""),
    UNHEALTHY_QUEUES_FULL(18, 503, "HEC is unhealthy, queues are full", Action.RETRY, ""),
    UNHEALTHY_ACK_UNAVAILABLE(19, 503, "HEC is unhealthy, ack service unavailable", Action.RETRY, ""),
    UNHEALTHY_QUEUES_FULL_ACK_UNAVAILABLE(20, 503, "HEC is unhealthy, queues are full, ack service unavailable",
            Action.RETRY, "");

    /** What the client does with a reply. */
    public enum Action {
        /** Delivered (with indexer ack on: accepted, delivered once the ack says so). */
        SUCCESS,
        /** Transient: retried without limit, capped exponential backoff with jitter; the consumer pauses meanwhile. */
        RETRY,
        /** Retrying cannot help: delivery stops with an ALARM, nothing more is committed, {@code run} exits 3. */
        FATAL_CONFIG,
        /** The data is bad: that object is dead-lettered (code 6: only the one at invalid-event-number). */
        BAD_DATA,
        /** The /health "up" answer; to an event request it is no delivery (the URL does not answer like HEC). */
        HEALTHY
    }

    private static final HecCode[] BY_CODE = values();

    private final int code;
    private final int status;
    private final String text;
    private final Action action;
    private final String hint;

    HecCode(int code, int status, String text, Action action, String hint) {
        this.code = code;
        this.status = status;
        this.text = text;
        this.action = action;
        this.hint = hint;
    }

    /** The defined code, or empty for codes HEC does not define (negative, 404, 405, ...). */
    public static Optional<HecCode> of(int code) {
        // the constants are declared in code order 0..20
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    public int code() {
        return code;
    }

    /** The HTTP status Splunk sends with this code. */
    public int status() {
        return status;
    }

    /** Splunk's text for the code. */
    public String text() {
        return text;
    }

    public Action action() {
        return action;
    }

    /** For fatal codes: the setting to fix; empty otherwise. */
    public String hint() {
        return hint;
    }
}
