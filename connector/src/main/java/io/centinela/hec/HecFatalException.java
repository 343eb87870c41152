package io.centinela.hec;

/**
 * HEC refused the requests for a configuration reason (token disabled/missing/invalid, index not allowed, ack
 * channel problems, 404). Retrying cannot help: delivery stops, the operator is alarmed, Kafka offsets stay put.
 */
public final class HecFatalException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int code;

    public HecFatalException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The HEC code (or -HTTP status when the body had none). */
    public int code() {
        return code;
    }
}
