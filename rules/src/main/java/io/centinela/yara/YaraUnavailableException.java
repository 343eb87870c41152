package io.centinela.yara;

/** libyara is missing, is not libyara.so.9, or failed the start-up self-test: YARA scanning cannot start. */
public final class YaraUnavailableException extends RuntimeException {
    public YaraUnavailableException(String message) {
        super(message);
    }

    public YaraUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
