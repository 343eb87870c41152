package io.centinela.model.pkg;

/** A model package that is missing, incomplete or tampered with. The message names the file and the fix. */
public final class ModelPackageException extends RuntimeException {
    public ModelPackageException(String message) {
        super(message);
    }

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
