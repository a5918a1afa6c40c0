package dev.meshledger.storage;

/** The store could not read or write: a disk or database fault, not bad input. */
public final class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
