package dev.meshledger.bus.miner;

/** Make, store and return a block carrying {@code data} on top of the current tip. */
public record MineRequest(byte[] data) {}
