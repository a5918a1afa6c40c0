package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.BanMessages.BanKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a ban names: a node id (64 hex digits), one IP address, or a CIDR range (IPv4 or IPv6).
 * Pure and without DNS: a host name is refused, never looked up. The {@link #text} is canonical
 * (lower case, IPv6 compressed as RFC 5952 says, a CIDR's host bits cleared), so
 * {@code 127.0.0.66/28} and {@code 127.0.0.64/28} are the same ban and either lifts it.
 */
public final class BanTarget {
  private static final Pattern NODE_ID = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private final BanKind kind;
  private final String text;
  /** The network's bytes (4 or 16) and prefix length; null for a node id. */
  private final byte[] network;
  private final int prefix;

  private BanTarget(BanKind kind, String text, byte[] network, int prefix) {
    this.kind = kind;
    this.text = text;
    this.network = network;
    this.prefix = prefix;
  }

  /** Parses a node id, IP or CIDR; the exception's message says what is wrong with it. */
  public static BanTarget parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("the target is empty: give a node id, an IP address or a CIDR range");
    }
    String s = raw.trim();
    if (NODE_ID.matcher(s).matches()) {
      return new BanTarget(BanKind.NODE, s.toLowerCase(Locale.ROOT), null, 0);
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      byte[] ip = ip(s, s);
      return new BanTarget(BanKind.IP, format(ip), ip, ip.length * 8);
    }
    byte[] ip = ip(s.substring(0, slash), s);
    String bits = s.substring(slash + 1);
    int max = ip.length * 8;
    int offset = ip.length == 4 && s.indexOf(':') >= 0 ? 96 : 0; // ::ffff:a.b.c.d/120 is a.b.c.d/24
    if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) - offset < 0 || Integer.parseInt(bits) - offset > max) {
      throw new IllegalArgumentException("\"" + raw + "\": the prefix length after '/' must be 0.." + (max + offset));
    }
    int prefix = Integer.parseInt(bits) - offset;
    byte[] net = mask(ip, prefix);
    return new BanTarget(BanKind.CIDR, format(net) + "/" + prefix, net, prefix);
  }

  /** An IP literal's bytes (IPv4-mapped IPv6 as its 4 IPv4 bytes); never a DNS lookup. */
  static byte[] ip(String s, String whole) {
    boolean v4 = IPV4.matcher(s).matches();
    // InetAddress reads a literal without DNS when it is IPv4 digits or contains ':' (else it would look the name up).
    if (!v4 && !(s.indexOf(':') >= 0 && IPV6.matcher(s).matches())) {
      throw new IllegalArgumentException("\"" + whole + "\" is neither a node id (64 hex digits), an IP address nor a CIDR range");
    }
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("\"" + whole + "\": " + part + " is over 255 in an IPv4 address");
        }
      }
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + whole + "\" is not a valid IP" + (v4 ? "v4" : "v6") + " address");
    }
  }

  /** A socket's remote address as bytes, or null if it cannot be read (then no IP ban matches). */
  static byte[] addressOf(String ip) {
    int zone = ip.indexOf('%'); // an IPv6 scope (fe80::1%eth0) names an interface, not the address
    String bare = zone < 0 ? ip : ip.substring(0, zone);
    try {
      return ip(bare, bare);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] mask(byte[] ip, int prefix) {
    byte[] out = Arrays.copyOf(ip, ip.length);
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff00 >> keep);
    }
    return out;
  }

  public BanKind kind() {
    return kind;
  }

  public String text() {
    return text;
  }

  /** Whether an address (as {@link #addressOf} reads it) is inside this IP or range; never for a node id. */
  boolean contains(byte[] address) {
    return network != null && address != null && address.length == network.length
        && Arrays.equals(mask(address, prefix), network);
  }

  /** IPv4 dotted; IPv6 in RFC 5952 form: lower-case hex, the longest run of two or more zero groups as "::". */
  static String format(byte[] ip) {
    if (ip.length == 4) {
      return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
    }
    int bestAt = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
