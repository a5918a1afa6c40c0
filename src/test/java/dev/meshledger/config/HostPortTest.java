package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1:7001, 127.0.0.1, 7001",
      "localhost:1, localhost, 1",
      "node-3.example.org:65535, node-3.example.org, 65535",
      "[::1]:7001, [::1], 7001"})
  void readsHostAndPort(String text, String host, int port) {
    HostPort a = HostPort.parse(text);
    assertEquals(new HostPort(host, port), a);
    assertEquals(text, a.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7001", ":7001", "host:", "host", "host:0", "host:65536", "host:-1", "host:70x",
      "host:123456"})
  void refusesWhatIsNoHostAndPort(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    assertEquals(Optional.empty(), HostPort.tryParse(text));
  }

  @ParameterizedTest
  @CsvSource({"host:, expected host:port", "host:0, port must be 1..65535"})
  void theConfigErrorNamesTheKey(String text, String problem) {
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.checkAddress("p2p.seeds", text));
    assertEquals("p2p.seeds", e.key());
    assertTrue(e.getMessage().startsWith("p2p.seeds: " + problem), e.getMessage());
  }
}
