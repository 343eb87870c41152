package io.centinela.hec;

/**
 * HEC refused the requests for a configuration reason (token disabled/missing/invalid, index not allowed, ack
 * channel problems, 404), or the URL does not answer like HEC (a 3xx redirect, a 200 page that is not a HEC reply, a
 * 4xx without a HEC code). Retrying cannot help: delivery stops, the operator is alarmed, Kafka offsets stay put, and
 * {@code centinela run} exits with 3.
 */
public final class HecFatalException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int code;

    public HecFatalException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The HEC code, or minus the HTTP status when the body had none (-200 for a page that is not HEC, -301). */
    public int code() {
        return code;
    }
}
