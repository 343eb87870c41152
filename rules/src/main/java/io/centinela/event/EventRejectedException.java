package io.centinela.event;

/**
 * An input that cannot become an {@link Event}. Checked, typed and explained: the connector routes it to the
 * dead-letter topic with {@link #reason()} and {@link #getMessage()} as headers; nothing is lost.
 */
public final class EventRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Why an input was rejected. The name is the {@code error class} header on the dead-letter record.
     * {@code NUMBER_TOO_LONG}: a JSON number longer than Jackson's {@code maxNumberLength} (1000 characters), which
     * guards against the quadratic cost of parsing huge numbers.
     * {@code INVALID_RECORD}: a record of a binary log (.evtx) that its reader could not decode or render.
     */
    public enum Reason {
        INVALID_UTF8, INVALID_JSON, NOT_AN_OBJECT, TOO_DEEP, TOO_LARGE, NUMBER_TOO_LONG, EMPTY, INVALID_RECORD
    }

    private final Reason reason;

    public EventRejectedException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public EventRejectedException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
