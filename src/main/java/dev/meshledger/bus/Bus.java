package dev.meshledger.bus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

/** Delivery options and failure codes shared by every verticle of the node. */
public final class Bus {
  /** Request/reply answers come in micro- to milliseconds; a long wait means a stuck verticle. */
  public static final long SEND_TIMEOUT_MS = 15_000;
  /** A readiness probe: a verticle that takes longer than this to answer is not ready. */
  public static final long PROBE_TIMEOUT_MS = 3_000;
  /** Re-validating a whole stored chain reads every block: minutes for millions of them. */
  public static final long AUDIT_TIMEOUT_MS = 30 * 60_000L;
  /** Asking every peer to audit its chain waits for the slowest honest one. */
  public static final long NETWORK_AUDIT_TIMEOUT_MS = 5 * 60_000L;

  /** Node-internal delivery: by reference, never to another cluster member. */
  public static final DeliveryOptions LOCAL =
      new DeliveryOptions().setLocalOnly(true).setCodecName(LocalCodec.NAME).setSendTimeout(SEND_TIMEOUT_MS);

  /** {@link #LOCAL} with another send timeout. */
  public static DeliveryOptions local(long timeoutMs) {
    return new DeliveryOptions(LOCAL).setSendTimeout(timeoutMs);
  }

  /** Failure codes carried by {@link ReplyException}: they are the HTTP status that fits. */
  /** Taken, not done yet: {@code POST /api/blocks} on a BFT chain when the block is not final in time. */
  public static final int ACCEPTED = 202;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int TOO_LARGE = 413;
  /** Understood but refused: evidence that proves nothing punishable. */
  public static final int UNPROCESSABLE = 422;
  public static final int INTERNAL = 500;
  public static final int UNAVAILABLE = 503;

  private Bus() {}

  /** Registers the local codec on this Vertx (once; later calls do nothing). */
  public static synchronized void registerCodecs(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // one Vertx may host a node more than once, in tests
    }
  }

  /**
   * A reply failure message: {@code CODE: human text}, split again by {@link #errorCode} and
   * {@link #errorText} so the API can answer {@code {"error": CODE, "message": text}}.
   */
  public static String failure(String code, String text) {
    return code + ": " + text;
  }

  public static String errorCode(String failureMessage) {
    int i = failureMessage == null ? -1 : failureMessage.indexOf(": ");
    return i > 0 ? failureMessage.substring(0, i) : "INTERNAL";
  }

  public static String errorText(String failureMessage) {
    int i = failureMessage == null ? -1 : failureMessage.indexOf(": ");
    return i > 0 ? failureMessage.substring(i + 2) : String.valueOf(failureMessage);
  }
}
