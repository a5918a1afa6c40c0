package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.p2p.BanMessages.BanKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ban targets: what parses to what, what a range holds, and what is refused with which words. */
class BanTargetTest {

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.64/28                | cidr | 127.0.0.64/28
      127.0.0.66/28                | cidr | 127.0.0.64/28
      10.1.2.3                     | ip   | 10.1.2.3
      10.1.2.3/32                  | cidr | 10.1.2.3/32
      0.0.0.0/0                    | cidr | 0.0.0.0/0
      255.255.255.255/0            | cidr | 0.0.0.0/0
      ::1                          | ip   | ::1
      0:0:0:0:0:0:0:1              | ip   | ::1
      2001:DB8::1/128              | cidr | 2001:db8::1/128
      2001:db8:0:0:1:0:0:1         | ip   | 2001:db8::1:0:0:1
      2001:db8::/32                | cidr | 2001:db8::/32
      2001:db8:ffff::/32           | cidr | 2001:db8::/32
      ::/0                         | cidr | ::/0
      fe80:0:0:1:0:0:0:0           | ip   | fe80:0:0:1::
      fe80::1:0:0:0                | ip   | fe80::1:0:0:0
      ::ffff:10.0.0.1              | ip   | 10.0.0.1
      ::ffff:10.0.0.0/104          | cidr | 10.0.0.0/8
      ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB | node | abababababababababababababababababababababababababababababababab
      """)
  void parsesToItsCanonicalForm(String raw, String kind, String text) {
    BanTarget t = BanTarget.parse(raw);
    assertEquals(kind, t.kind().label());
    assertEquals(text, t.text());
    assertEquals(t.text(), BanTarget.parse(t.text()).text(), "the canonical form parses to itself");
  }

  @ParameterizedTest(name = "{0} holds {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.64/28   | 127.0.0.64              | true
      127.0.0.64/28   | 127.0.0.66              | true
      127.0.0.64/28   | 127.0.0.79              | true
      127.0.0.64/28   | 127.0.0.80              | false
      127.0.0.64/28   | 127.0.0.63              | false
      127.0.0.64/28   | 127.0.0.1               | false
      10.1.2.3/32     | 10.1.2.3                | true
      10.1.2.3/32     | 10.1.2.4                | false
      10.1.2.3        | 10.1.2.3                | true
      0.0.0.0/0       | 203.0.113.9             | true
      0.0.0.0/0       | ::1                     | false
      ::/0            | 2001:db8::1             | true
      ::/0            | 10.0.0.1                | false
      ::1/128         | 0:0:0:0:0:0:0:1         | true
      ::1/128         | ::2                     | false
      2001:db8::/32   | 2001:db8:ffff::1        | true
      2001:db8::/32   | 2001:db9::1             | false
      fe80::/10       | fe80:0:0:0:0:0:0:1%eth0 | true
      fe80::/10       | fec0::1                 | false
      10.0.0.0/8      | ::ffff:10.9.9.9         | true
      """)
  void aRangeHoldsWhatItShould(String range, String address, boolean inside) {
    assertEquals(inside, BanTarget.parse(range).contains(BanTarget.addressOf(address)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.0/33          | prefix length after '/' must be 0..32
      2001:db8::/129       | prefix length after '/' must be 0..128
      10.0.0.0/-1          | prefix length
      10.0.0.0/            | prefix length
      10.0.0.0/abc         | prefix length
      1.2.3.256            | 256 is over 255
      1.2.3                | neither a node id
      example.com          | neither a node id
      localhost            | neither a node id
      2001:db8:::1         | not a valid IPv6 address
      1:2:3:4:5:6:7:8:9    | not a valid IPv6 address
      abab                 | neither a node id
      10.0.0.1/8/8         | prefix length
      """)
  void badInputIsRefusedNamingWhatIsWrong(String raw, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BanTarget.parse(raw));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void emptyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> BanTarget.parse(" "));
    assertThrows(IllegalArgumentException.class, () -> BanTarget.parse(null));
    assertEquals(BanKind.NODE, BanTarget.parse("c".repeat(64)).kind());
    assertEquals(false, BanTarget.parse("c".repeat(64)).contains(BanTarget.addressOf("10.0.0.1")), "a node id holds no address");
  }
}
