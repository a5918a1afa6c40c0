package dev.meshledger.wire;

/**
 * Why a connection ended, as sent in DISCONNECT and logged on both sides. Permanent reasons
 * mean "do not dial this peer again soon": it would give the same answer.
 */
public enum DisconnectReason {
  REQUESTED(1, "disconnect requested", false),
  PROTOCOL_ERROR(2, "protocol violation", false),
  INCOMPATIBLE_PROTOCOL(3, "incompatible protocol version", true),
  WRONG_CHAIN(4, "different chain id", true),
  WRONG_GENESIS(5, "different genesis block", true),
  SELF_CONNECTION(6, "connected to itself", true),
  DUPLICATE(7, "already connected to this node", false),
  NOT_ALLOWED(8, "node id not on the allow-list", true),
  TOO_MANY_PEERS(9, "connection limit reached", false),
  TIMEOUT(10, "peer did not answer in time", false),
  BANNED(11, "banned for misbehaviour", true),
  SHUTTING_DOWN(12, "node is shutting down", false),
  BAD_IDENTITY(13, "HELLO node id does not match the TLS certificate", true),
  SLOW_READER(14, "peer does not read what it is sent", false),
  UNKNOWN(0, "unknown reason", false);

  private final int code;
  private final String text;
  private final boolean permanent;

  DisconnectReason(int code, String text, boolean permanent) {
    this.code = code;
    this.text = text;
    this.permanent = permanent;
  }

  public int code() {
    return code;
  }

  public String text() {
    return text;
  }

  public boolean permanent() {
    return permanent;
  }

  public static DisconnectReason of(int code) {
    for (DisconnectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return UNKNOWN;
  }
}
