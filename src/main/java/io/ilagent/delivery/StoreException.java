package io.ilagent.delivery;

/** The SQLite store could not be read or written; the message names the file and the operation. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
