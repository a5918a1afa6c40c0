package dev.meshledger.bus.p2p;

import java.util.List;

/** Bans and the allow-list as the operator sees and changes them (through the API). */
public final class BanMessages {
  private BanMessages() {}

  /** What a ban names. */
  public enum BanKind {
    NODE("node"), IP("ip"), CIDR("cidr");

    private final String label;

    BanKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A ban until {@link #FOREVER} lasts until the operator lifts it. */
  public static final long FOREVER = Long.MAX_VALUE;

  /**
   * @param target the canonical node id, IP or CIDR
   * @param untilMillis when it ends, or {@link #FOREVER}
   * @param createdAt when it was made (ms)
   */
  public record Ban(String target, BanKind kind, long untilMillis, String reason, long createdAt) {}

  public record Bans(List<Ban> bans) {}

  /** @param seconds 0 = until lifted */
  public record AddBan(String target, long seconds, String reason) {}

  public record Allowlist(List<String> nodeIds) {}
}
