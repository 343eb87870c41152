package io.centinela.cli;

/**
 * A mistake the user can fix (wrong folder, missing rules, bad combination of options): its message is the one
 * line {@code centinela} prints, and the exit code is 2. Say what was wrong and how to fix it.
 */
public final class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }
}
