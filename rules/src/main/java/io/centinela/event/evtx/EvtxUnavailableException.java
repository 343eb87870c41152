package io.centinela.event.evtx;

/**
 * libevtx (libevtx.so.1) cannot be loaded or lacks a function the reader needs. The message is the one line a user
 * sees: what is missing and the command that installs it.
 */
public final class EvtxUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String INSTALL_HINT = "run as root: apt-get install -y libevtx1";

    EvtxUnavailableException(String detail, Throwable cause) {
        super("libevtx (" + EvtxLibrary.SONAME + ") is not installed: " + INSTALL_HINT + " (" + detail + ")", cause);
    }
}
