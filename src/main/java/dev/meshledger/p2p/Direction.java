package dev.meshledger.p2p;

/** Who dialled: we did (outbound) or they did (inbound). */
public enum Direction {
  INBOUND,
  OUTBOUND;

  public String label() {
    return name().toLowerCase();
  }
}
