package dev.meshledger.bus.chain;

import dev.meshledger.domain.NodeIds;

/**
 * Where a block came from. Relay answers whoever sent a block, the dashboard throttles what
 * sync brings, metrics count by kind: each asks with a type, never by comparing strings.
 */
public sealed interface BlockSource {
  BlockSource LOCAL = new Local();

  /** The kind, as metrics and the dashboard label it: {@code local}, {@code peer} or {@code sync}. */
  String kind();

  /** The peer behind this block, or null when it is our own. */
  String peerId();

  /** This node's own miner. */
  record Local() implements BlockSource {
    @Override
    public String kind() {
      return "local";
    }

    @Override
    public String peerId() {
      return null;
    }

    @Override
    public String toString() {
      return "local";
    }
  }

  /** Gossip from one peer: a block it relayed, or an orphan's ancestor it served. */
  record Peer(String peerId) implements BlockSource {
    @Override
    public String kind() {
      return "peer";
    }

    @Override
    public String toString() {
      return "peer " + NodeIds.shortId(peerId);
    }
  }

  /** A batch fetched from one peer while catching up. */
  record Sync(String peerId) implements BlockSource {
    @Override
    public String kind() {
      return "sync";
    }

    @Override
    public String toString() {
      return "sync from " + NodeIds.shortId(peerId);
    }
  }
}
