package dev.meshledger.bus.sync;

/** Is the node catching up, and how far along. @param done true once caught up (then syncing is false) */
public record SyncProgress(boolean syncing, long height, long targetHeight, double blocksPerSecond, boolean done) {}
