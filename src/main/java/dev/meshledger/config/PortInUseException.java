package dev.meshledger.config;

import java.net.BindException;

/**
 * A listening port another process holds, named with the key that chose it
 * ({@code http.port 8001 is already in use}). Netty's native transport reports it as a plain
 * I/O error ("bind(..) failed: Address already in use"), the NIO one as a {@link BindException}.
 */
public final class PortInUseException extends RuntimeException {
  private final String key;
  private final int port;

  public PortInUseException(String key, String host, int port, Throwable cause) {
    super(key + " " + port + " is already in use (on " + host + "): another process listens there; stop it or choose another "
        + key, cause);
    this.key = key;
    this.port = port;
  }

  public String key() {
    return key;
  }

  public int port() {
    return port;
  }

  /** {@code failure} as a {@link PortInUseException} when binding {@code key}'s port failed because it is taken, else itself. */
  public static Throwable explain(Throwable failure, String key, String host, int port) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PortInUseException) {
        return t;
      }
      String m = t.getMessage();
      if (t instanceof BindException || (m != null && m.contains("Address already in use"))) {
        return new PortInUseException(key, host, port, failure);
      }
    }
    return failure;
  }
}
