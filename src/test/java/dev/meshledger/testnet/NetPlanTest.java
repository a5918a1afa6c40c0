package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetPlanTest {
  private final NetPlan plan = new NetPlan("ab3cd", "10.201.7", 3, false);
  private final NetPlan relayed = new NetPlan("ab3cd", "10.201.7", 3, true);

  @Test
  void namesAndAddressesPerNode() {
    assertEquals("mlbab3cd", plan.bridge());
    assertEquals("mlnab3cd2", plan.namespace(2));
    assertEquals("mlhab3cd2", plan.hostIf(2));
    assertEquals("mlpab3cd2", plan.nodeIf(2));
    assertEquals("10.201.7.2", plan.nodeAddress(2));
    assertEquals("10.201.7.130", plan.relayAddress(2));
    assertEquals("10.201.7.254", plan.runnerAddress());
    assertEquals("10.201.7.2", plan.advertised(2), "without relays peers dial the node itself");
    assertEquals("10.201.7.130", relayed.advertised(2), "with relays peers dial the node's relay");
    assertEquals(List.of("ip", "netns", "exec", "mlnab3cd3"), plan.exec(3));
  }

  @Test
  void interfaceNamesFitTheKernelsFifteenCharacters() {
    NetPlan longest = new NetPlan("zzzzzz", "10.249.249", 99, true);
    for (int k = 1; k <= 99; k++) {
      assertTrue(longest.hostIf(k).length() <= 15 && longest.nodeIf(k).length() <= 15, longest.hostIf(k));
    }
    assertTrue(longest.bridge().length() <= 15);
  }

  @Test
  void oneAndNinetyNineNodesAreTheBounds() {
    assertEquals("mlna1", new NetPlan("a", "10.1.2", 1, false).namespace(1));
    assertEquals("mlna99", new NetPlan("a", "10.1.2", 99, false).namespace(99));
  }

  @ParameterizedTest
  @CsvSource({"ab-cd, 10.1.2, 3", "abcdefg, 10.1.2, 3", "'', 10.1.2, 3", "abc, 192.168.1, 3", "abc, 10.1.2.3, 3",
      "abc, 10.1.2, 0", "abc, 10.1.2, 100"})
  void aBadPlanIsRefused(String sfx, String prefix, int count) {
    assertThrows(IllegalArgumentException.class, () -> new NetPlan(sfx, prefix, count, false));
  }

  @Test
  void setupBuildsBridgeThenOneNamespaceAndVethPairPerNode() {
    List<List<String>> c = plan.setup();
    assertEquals(List.of("ip", "link", "add", "mlbab3cd", "type", "bridge"), c.get(0));
    assertEquals(List.of("ip", "addr", "add", "10.201.7.254/24", "dev", "mlbab3cd"), c.get(1));
    assertEquals(List.of("ip", "link", "set", "mlbab3cd", "up"), c.get(2));
    assertEquals(3 + 3 * 7, c.size());
    assertEquals(List.of("ip", "netns", "add", "mlnab3cd1"), c.get(3));
    assertEquals(List.of("ip", "link", "add", "mlhab3cd1", "type", "veth", "peer", "name", "mlpab3cd1", "netns",
        "mlnab3cd1"), c.get(4));
    assertEquals(List.of("ip", "link", "set", "mlhab3cd1", "master", "mlbab3cd"), c.get(5));
    assertEquals(List.of("ip", "link", "set", "mlhab3cd1", "up"), c.get(6));
    assertEquals(List.of("ip", "-n", "mlnab3cd1", "addr", "add", "10.201.7.1/24", "dev", "mlpab3cd1"), c.get(7));
    assertEquals(List.of("ip", "-n", "mlnab3cd1", "link", "set", "lo", "up"), c.get(8));
    assertEquals(List.of("ip", "-n", "mlnab3cd1", "link", "set", "mlpab3cd1", "up"), c.get(9));
    assertEquals(List.of("ip", "netns", "add", "mlnab3cd3"), c.get(c.size() - 7));
  }

  @Test
  void withRelaysTheBridgeAlsoCarriesEveryRelayAddress() {
    List<List<String>> c = relayed.setup();
    assertEquals(List.of("ip", "addr", "add", "10.201.7.129/32", "dev", "mlbab3cd"), c.get(2));
    assertEquals(List.of("ip", "addr", "add", "10.201.7.131/32", "dev", "mlbab3cd"), c.get(4));
    assertEquals(List.of("ip", "link", "set", "mlbab3cd", "up"), c.get(5));
    assertEquals(6 + 3 * 7, c.size());
  }

  @Test
  void teardownDeletesEveryNamespaceThenTheBridge() {
    assertEquals(List.of(List.of("ip", "netns", "del", "mlnab3cd1"), List.of("ip", "netns", "del", "mlnab3cd2"),
        List.of("ip", "netns", "del", "mlnab3cd3"), List.of("ip", "link", "del", "mlbab3cd")), plan.teardown());
  }

  @Test
  void aPartitionBlackholesTheOtherSideInEveryNamespaceBothWays() {
    assertEquals(List.of(
        new NetPlan.Batch("mlnab3cd1", List.of("route add blackhole 10.201.7.3/32")),
        new NetPlan.Batch("mlnab3cd2", List.of("route add blackhole 10.201.7.3/32")),
        new NetPlan.Batch("mlnab3cd3", List.of("route add blackhole 10.201.7.1/32", "route add blackhole 10.201.7.2/32"))),
        plan.partition(List.of(1, 2), List.of(3), true));
    assertEquals(List.of(
        new NetPlan.Batch("mlnab3cd1", List.of("route del blackhole 10.201.7.2/32")),
        new NetPlan.Batch("mlnab3cd2", List.of("route del blackhole 10.201.7.1/32"))),
        plan.partition(List.of(1), List.of(2), false));
    assertEquals(List.of("ip", "-n", "mlnab3cd1", "-force", "-batch", "-"),
        plan.partition(List.of(1), List.of(2), true).get(0).argv());
  }

  @Test
  void withRelaysAPartitionAlsoBlackholesTheOtherSidesRelays() {
    assertEquals(List.of(
        new NetPlan.Batch("mlnab3cd1", List.of("route add blackhole 10.201.7.2/32", "route add blackhole 10.201.7.130/32")),
        new NetPlan.Batch("mlnab3cd2", List.of("route add blackhole 10.201.7.1/32", "route add blackhole 10.201.7.129/32"))),
        relayed.partition(List.of(1), List.of(2), true));
  }

  @Test
  void netemOnEveryNodesInterfaceAndItsRemoval() {
    List<List<String>> on = plan.netem(100, 20, 1.5, true);
    assertEquals(3, on.size());
    assertEquals(List.of("tc", "-n", "mlnab3cd2", "qdisc", "add", "dev", "mlpab3cd2", "root", "netem", "delay",
        "100ms", "20ms", "loss", "1.5%"), on.get(1));
    assertEquals(List.of("tc", "-n", "mlnab3cd3", "qdisc", "del", "dev", "mlpab3cd3", "root"),
        plan.netem(100, 20, 1.5, false).get(2));
  }

  @ParameterizedTest
  @CsvSource({"1, 1%", "0, 0%", "2.5, 2.5%", "100, 100%"})
  void lossPercentAsTcWantsIt(double p, String expected) {
    assertEquals(expected, NetPlan.percent(p));
  }

  @Test
  void suffixIsFiveLowercaseCharactersAndVariesWithTheSeed() {
    assertTrue(NetPlan.suffix(42).matches("[a-z0-9]{5}"));
    assertTrue(NetPlan.suffix(-7).matches("[a-z0-9]{5}"));
    assertEquals(NetPlan.suffix(42), NetPlan.suffix(42));
    assertNotEquals(NetPlan.suffix(42), NetPlan.suffix(43));
    assertEquals("aaaaa", NetPlan.suffix(0));
    assertEquals("baaaa", NetPlan.suffix(1));
    assertEquals("abaaa", NetPlan.suffix(36));
  }

  @Test
  void prefixAvoidsEveryTenNetworkInUse() {
    assertEquals("10.200.0", NetPlan.choosePrefix(0, Set.of()));
    assertEquals("10.249.0", NetPlan.choosePrefix(49, Set.of()));
    assertEquals("10.201.1", NetPlan.choosePrefix(51, Set.of()));
    // a clash draws again from the seed's sequence
    assertEquals("10.207.18", NetPlan.choosePrefix(0, Set.of("10.200.0")));
    assertEquals("10.216.29", NetPlan.choosePrefix(0, Set.of("10.200.0", "10.207.18")));
    Set<String> all = new HashSet<>();
    for (int a = 200; a < 250; a++) {
      for (int b = 0; b < 250; b++) {
        all.add("10." + a + "." + b);
      }
    }
    assertNull(NetPlan.choosePrefix(0, all));
  }

  @Test
  void usedPrefixesAreReadFromIpOutput() {
    String text = "2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\n"
        + "    inet 10.201.7.254/24 scope global mlbx\n10.88.0.0/16 dev cni0 proto kernel src 10.88.0.1\n";
    assertEquals(Set.of("10.201.7", "10.88.0"), NetPlan.usedPrefixes(text));
  }
}
