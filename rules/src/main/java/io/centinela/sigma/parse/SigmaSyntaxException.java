package io.centinela.sigma.parse;

/** A rule that cannot be parsed or compiled: carries the source line (0 when unknown) and the reason. */
public final class SigmaSyntaxException extends Exception {

    private final int line;

    public SigmaSyntaxException(int line, String reason) {
        super(reason);
        this.line = line;
    }

    public SigmaSyntaxException(int line, String reason, Throwable cause) {
        super(reason, cause);
        this.line = line;
    }

    /** 1-based line in the rule file, or 0 when the error has no position. */
    public int line() {
        return line;
    }

    public String reason() {
        return getMessage();
    }
}
