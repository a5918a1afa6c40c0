package dev.meshledger.domain;

/** Node ids are the hex of a node's Ed25519 public key (64 characters). */
public final class NodeIds {
  /** Characters of a node id shown in log lines: enough to tell a network's peers apart. */
  public static final int SHORT = 8;

  private NodeIds() {}

  public static String shortId(String nodeId) {
    return nodeId == null ? "none" : nodeId.substring(0, Math.min(SHORT, nodeId.length()));
  }
}
