package dev.meshledger.storage;

/**
 * Durable block storage. Reads are thread-safe; {@link #write} has one caller (the chain's
 * owner) and is atomic and durable: when it returns, the whole batch survives a crash or none of it does.
 */
public interface BlockStore extends BlockReader, AutoCloseable {
  void write(StoreBatch batch);

  /** A consistent read-only view as of now, unaffected by later writes. Close it. */
  Snapshot snapshot();

  @Override
  void close();

  /** A point-in-time view of the store. */
  interface Snapshot extends BlockReader, AutoCloseable {
    @Override
    void close();
  }
}
