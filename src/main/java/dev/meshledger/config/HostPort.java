package dev.meshledger.config;

import java.util.Optional;

/**
 * A {@code host:port} address, the one way the node reads one (seeds, the API's dial, peer
 * exchange, the dialler). The port follows the last colon; the host is everything before it, as
 * written (an IPv6 literal keeps its brackets).
 */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("expected host:port, the host is missing");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  /** Reads {@code host:port}; the exception's message says what is wrong, quoting the text. */
  public static HostPort parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got \"" + address + "\"");
    }
    String port = address.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535 in \"" + address + "\"");
    }
    return new HostPort(address.substring(0, colon), Integer.parseInt(port));
  }

  /** {@link #parse}, or empty when {@code address} is not one. */
  public static Optional<HostPort> tryParse(String address) {
    try {
      return Optional.of(parse(address));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
