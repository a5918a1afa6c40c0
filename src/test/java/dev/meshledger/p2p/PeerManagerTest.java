package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.config.HostPort;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.p2p.HandshakeRules.Refusal;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The peer manager's decisions, without sockets: the time is passed in, the actions read back. */
class PeerManagerTest {
  private static final String SELF = "5".repeat(64);
  private static final long T0 = 1_000_000_000_000L; // nanos
  private static final long NOW = 1_700_000_000_000L; // millis
  private static final long MS = 1_000_000L;
  private static final int PORT = 7001;

  /** A connection as the manager sees it; the test moves its state as the verticle would. */
  static final class FakeLink implements Link {
    final String nodeId;
    final Direction direction;
    final String ip;
    String address;
    boolean ready;
    boolean closing;
    long openedNanos = T0;
    long lastReceivedNanos = T0;
    long lastSentNanos = T0;
    long pausedSinceNanos;
    long height;
    Work totalWork = Work.ZERO;

    FakeLink(String nodeId, Direction direction, String ip, String address) {
      this.nodeId = nodeId;
      this.direction = direction;
      this.ip = ip;
      this.address = address;
    }

    @Override public String nodeId() { return nodeId; }
    @Override public Direction direction() { return direction; }
    @Override public String ip() { return ip; }
    @Override public String address() { return address; }
    @Override public boolean isReady() { return ready; }
    @Override public boolean isClosing() { return closing; }
    @Override public long height() { return height; }
    @Override public Work totalWork() { return totalWork; }
    @Override public long connectedSince() { return ready ? NOW : 0; }
    @Override public long openedNanos() { return openedNanos; }
    @Override public long lastReceivedNanos() { return lastReceivedNanos; }
    @Override public long lastSentNanos() { return lastSentNanos; }
    @Override public long pausedSinceNanos() { return pausedSinceNanos; }

    @Override
    public String toString() {
      return "link " + NodeIds.shortId(nodeId) + " " + direction;
    }
  }

  private static String id(int i) {
    return String.format("%064x", i);
  }

  private static NodeConfig config(JsonObject p2p) {
    JsonObject p = new JsonObject().put("host", "127.0.0.1").put("port", PORT).put("maxOutbound", 2)
        .put("maxInbound", 3).put("maxInboundPerIp", 2).put("pingIntervalMs", 1_000).put("pingTimeoutMs", 5_000)
        .put("slowPeerTimeoutMs", 3_000).put("handshakeTimeoutMs", 2_000).put("reconnectBaseMs", 1_000)
        .put("reconnectMaxMs", 8_000).mergeIn(p2p);
    return NodeConfig.from(new JsonObject().put("p2p", p), new JsonObject());
  }

  private static PeerManager<FakeLink> manager(JsonObject p2p) {
    PeerManager<FakeLink> m = new PeerManager<>(config(p2p), SELF, new Random(7));
    m.listening(PORT);
    return m;
  }

  private static PeerManager<FakeLink> manager() {
    return manager(new JsonObject());
  }

  private static Hello hello(String nodeId, String host, int listenPort) {
    NodeConfig c = config(new JsonObject());
    return new Hello(WireCodec.PROTOCOL, c.chainId(), Genesis.of(c.chainParams()).hash(), nodeId, host, listenPort, 3, Work.of(30));
  }

  private static FakeLink inbound(int i, String ip) {
    return new FakeLink(id(i), Direction.INBOUND, ip, null);
  }

  private static FakeLink outbound(int i, String address) {
    return new FakeLink(id(i), Direction.OUTBOUND, "10.0.0." + i, address);
  }

  /** Through TLS and HELLO, as the network verticle does it; fails if refused. */
  private static FakeLink connect(PeerManager<FakeLink> m, FakeLink c) {
    assertEquals(Optional.empty(), m.onIdentity(c, NOW));
    PeerManager.Admission<FakeLink> a = m.onHello(c, hello(c.nodeId, "10.9.9." + c.nodeId.charAt(63), 7100), NOW);
    assertTrue(a.admitted(), () -> "refused: " + a.refusal());
    c.ready = true;
    c.address = a.address();
    return c;
  }

  private static <T> List<T> only(Class<T> type, List<? extends PeerAction<FakeLink>> actions) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  // ---- admission: who gets past TLS, who past HELLO ----

  static Stream<Arguments> identityCases() {
    return Stream.of(
        Arguments.of("a stranger with a valid key", (Consumer<PeerManager<FakeLink>>) m -> { }, inbound(1, "10.0.0.1"), null),
        Arguments.of("ourselves", (Consumer<PeerManager<FakeLink>>) m -> { },
            new FakeLink(SELF, Direction.OUTBOUND, "127.0.0.1", "127.0.0.1:" + PORT), DisconnectReason.SELF_CONNECTION),
        Arguments.of("a banned id", (Consumer<PeerManager<FakeLink>>) m -> m.bans().banId(id(1), NOW + 1),
            inbound(1, "10.0.0.1"), DisconnectReason.BANNED),
        Arguments.of("a ban that has run out", (Consumer<PeerManager<FakeLink>>) m -> m.bans().banId(id(1), NOW),
            inbound(1, "10.0.0.1"), null),
        Arguments.of("a third inbound handshake from one IP (2 per IP)", (Consumer<PeerManager<FakeLink>>) m -> {
          m.onIdentity(inbound(2, "10.0.0.1"), NOW);
          m.onIdentity(inbound(3, "10.0.0.1"), NOW);
        }, inbound(1, "10.0.0.1"), DisconnectReason.TOO_MANY_PEERS),
        Arguments.of("inbound from another IP while one IP is full", (Consumer<PeerManager<FakeLink>>) m -> {
          m.onIdentity(inbound(2, "10.0.0.1"), NOW);
          m.onIdentity(inbound(3, "10.0.0.1"), NOW);
        }, inbound(1, "10.0.0.2"), null),
        Arguments.of("inbound when 3 inbound peers are connected (max 3)", (Consumer<PeerManager<FakeLink>>) m -> {
          for (int i = 2; i <= 4; i++) {
            connect(m, inbound(i, "10.0.1." + i));
          }
        }, inbound(1, "10.0.0.1"), DisconnectReason.TOO_MANY_PEERS),
        Arguments.of("outbound when inbound is full: the limits are apart", (Consumer<PeerManager<FakeLink>>) m -> {
          for (int i = 2; i <= 4; i++) {
            connect(m, inbound(i, "10.0.1." + i));
          }
        }, outbound(1, "10.0.0.1:7001"), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityCases")
  void identity(String what, Consumer<PeerManager<FakeLink>> before, FakeLink c, DisconnectReason expected) {
    PeerManager<FakeLink> m = manager();
    before.accept(m);
    assertEquals(expected, m.onIdentity(c, NOW).map(Refusal::reason).orElse(null), what);
  }

  @Test
  void theAllowListRefusesEveryoneElse() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("allowlist", new JsonArray().add(id(2))));
    assertEquals(DisconnectReason.NOT_ALLOWED, m.onIdentity(inbound(1, "10.0.0.1"), NOW).map(Refusal::reason).orElse(null));
    assertEquals(Optional.empty(), m.onIdentity(inbound(2, "10.0.0.2"), NOW));
  }

  static Stream<Arguments> helloCases() {
    NodeConfig c = config(new JsonObject());
    Hash genesis = Genesis.of(c.chainParams()).hash();
    String peer = id(1);
    return Stream.of(
        Arguments.of("our protocol, chain and genesis", hello(peer, "10.0.0.1", 7001), null),
        Arguments.of("another protocol version",
            new Hello("meshledger/2", c.chainId(), genesis, peer, "h", 1, 0, Work.of(0)), DisconnectReason.INCOMPATIBLE_PROTOCOL),
        Arguments.of("another chain id",
            new Hello(WireCodec.PROTOCOL, "other", genesis, peer, "h", 1, 0, Work.of(0)), DisconnectReason.WRONG_CHAIN),
        Arguments.of("another genesis",
            new Hello(WireCodec.PROTOCOL, c.chainId(), Hash.ZERO, peer, "h", 1, 0, Work.of(0)), DisconnectReason.WRONG_GENESIS),
        Arguments.of("an id its certificate does not prove", hello(id(9), "10.0.0.1", 7001), DisconnectReason.BAD_IDENTITY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helloCases")
  void helloRules(String what, Hello h, DisconnectReason expected) {
    PeerManager<FakeLink> m = manager();
    FakeLink c = inbound(1, "10.0.0.1");
    m.onIdentity(c, NOW);
    PeerManager.Admission<FakeLink> a = m.onHello(c, h, NOW);
    assertEquals(expected, a.admitted() ? null : a.refusal().reason(), what);
    assertEquals(expected == null ? 1 : 0, m.size());
  }

  @Test
  void anAdmittedInboundPeerIsKnownByTheAddressItAdvertisesAndGoesIntoTheBook() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = inbound(1, "10.0.0.1");
    m.onIdentity(c, NOW);
    PeerManager.Admission<FakeLink> a = m.onHello(c, hello(c.nodeId, "node1.example", 7005), NOW);
    assertEquals("node1.example:7005", a.address());
    assertNull(a.replaced());
    assertEquals(id(1), m.book().get("node1.example:7005").nodeId());
    assertEquals(NOW, m.book().get("node1.example:7005").lastSeen());
    assertEquals(1, only(PeerAction.Save.class, m.tick(T0, NOW)).size(), "the book changed: saved at the next tick");
    // One without a listen port is not reachable: no address, nothing in the book.
    FakeLink quiet = inbound(2, "10.0.0.2");
    m.onIdentity(quiet, NOW);
    assertNull(m.onHello(quiet, hello(quiet.nodeId, "10.0.0.2", 0), NOW).address());
  }

  @Test
  void ofTwoConnectionsBetweenTheSameNodesTheOneTheSmallerIdDialledStays() {
    // SELF is 55..5: id(1) is smaller, so its dial (our inbound) is the one both ends keep.
    PeerManager<FakeLink> m = manager();
    FakeLink ours = connect(m, outbound(1, "10.0.0.1:7001"));
    FakeLink theirs = inbound(1, "10.0.0.1");
    m.onIdentity(theirs, NOW);
    PeerManager.Admission<FakeLink> a = m.onHello(theirs, hello(id(1), "10.0.0.1", 7001), NOW);
    assertTrue(a.admitted());
    assertSame(ours, a.replaced());
    assertSame(theirs, m.peer(id(1)).orElseThrow());
    // Closing the replaced one neither drops the peer nor counts as a failed dial.
    assertFalse(m.onClosed(ours, DisconnectReason.DUPLICATE, NOW));
    assertEquals(0, m.book().get("10.0.0.1:7001").failures());
    assertEquals(1, m.size());
  }

  // ---- liveness: who is pinged, who is dropped ----

  /** A ready peer heard from {@code silentMs} ago, written to {@code quietMs} ago, queue paused {@code pausedMs} ago (-1: not paused). */
  static Stream<Arguments> livenessCases() {
    return Stream.of(
        Arguments.of("just heard from", 0, 0, -1, null, null),
        Arguments.of("nothing sent for over the ping interval", 0, 1_001, -1, PeerAction.Ping.class, null),
        Arguments.of("nothing heard for over the ping interval", 1_001, 0, -1, PeerAction.Ping.class, null),
        Arguments.of("silent for the ping timeout", 5_000, 0, -1, PeerAction.Ping.class, null),
        Arguments.of("silent for longer than the ping timeout", 5_001, 0, -1, PeerAction.Disconnect.class,
            DisconnectReason.TIMEOUT),
        Arguments.of("its queue paused, not for long", 0, 0, 3_000, null, null),
        Arguments.of("its queue paused past the slow-peer timeout", 0, 0, 3_001, PeerAction.Abort.class,
            DisconnectReason.SLOW_READER),
        Arguments.of("silent and slow: silence wins", 6_000, 0, 6_000, PeerAction.Disconnect.class,
            DisconnectReason.TIMEOUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("livenessCases")
  void liveness(String what, long silentMs, long quietMs, long pausedMs, Class<?> action, DisconnectReason reason) {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 0));
    FakeLink c = connect(m, inbound(1, "10.0.0.1"));
    long now = T0 + 10_000 * MS;
    c.lastReceivedNanos = now - silentMs * MS;
    c.lastSentNanos = now - quietMs * MS;
    c.pausedSinceNanos = pausedMs < 0 ? 0 : now - pausedMs * MS;
    List<PeerAction<FakeLink>> actions = m.tick(now, NOW).stream().filter(a -> !(a instanceof PeerAction.Save)).toList();
    if (action == null) {
      assertEquals(List.of(), actions, what);
      return;
    }
    assertEquals(1, actions.size(), what + ": " + actions);
    assertEquals(action, actions.get(0).getClass(), what);
    if (actions.get(0) instanceof PeerAction.Disconnect<FakeLink> d) {
      assertEquals(reason, d.reason(), what);
    } else if (actions.get(0) instanceof PeerAction.Abort<FakeLink> x) {
      assertEquals(reason, x.reason(), what);
    }
  }

  @Test
  void aConnectionWhoseHelloIsLateIsDroppedWithTimeout() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 0));
    FakeLink slow = inbound(1, "10.0.0.1");
    FakeLink refused = inbound(2, "10.0.0.2");
    m.onIdentity(slow, NOW);
    m.onIdentity(refused, NOW);
    refused.closing = true; // refused at once: already being closed
    assertEquals(List.of(), m.tick(T0 + 2_000 * MS, NOW), "the handshake timeout is 2 s");
    List<PeerAction<FakeLink>> late = m.tick(T0 + 2_001 * MS, NOW);
    assertEquals(List.of(new PeerAction.Disconnect<>(slow, DisconnectReason.TIMEOUT, "no HELLO within 2000 ms")), late);
    m.onHello(slow, hello(slow.nodeId, "10.0.0.1", 7001), NOW);
    slow.ready = true;
    assertEquals(List.of(), only(PeerAction.Disconnect.class, m.tick(T0 + 2_002 * MS, NOW)), "admitted: no longer timed");
  }

  // ---- punishment: offence -> score -> ban ----

  /** Offences one peer commits in a row, and what the manager does after the last one. */
  static Stream<Arguments> offenceCases() {
    return Stream.of(
        Arguments.of("one undecodable frame", List.of(Offence.BAD_FRAME), 100, "ban"),
        Arguments.of("a handshake violation", List.of(Offence.HANDSHAKE_VIOLATION), 100, "ban"),
        Arguments.of("invalid chain data", List.of(Offence.INVALID_CHAIN_DATA), 100, "ban"),
        Arguments.of("one invalid block", List.of(Offence.INVALID_BLOCK), 100, "nothing"),
        Arguments.of("three invalid blocks", List.of(Offence.INVALID_BLOCK, Offence.INVALID_BLOCK, Offence.INVALID_BLOCK),
            100, "ban"),
        Arguments.of("three floods", List.of(Offence.FLOOD, Offence.FLOOD, Offence.FLOOD), 100, "nothing"),
        Arguments.of("four floods", List.of(Offence.FLOOD, Offence.FLOOD, Offence.FLOOD, Offence.FLOOD), 100, "ban"),
        Arguments.of("an unsolicited response", List.of(Offence.UNSOLICITED), 100, "nothing"),
        Arguments.of("junk addresses", List.of(Offence.BAD_ADDRESSES), 100, "nothing"),
        Arguments.of("a slow response", List.of(Offence.SLOW_RESPONSE), 100, "nothing"),
        Arguments.of("a bad frame under a high threshold: dropped, not banned", List.of(Offence.BAD_FRAME), 1_000,
            "disconnect"),
        Arguments.of("a handshake violation under a high threshold", List.of(Offence.HANDSHAKE_VIOLATION), 1_000,
            "disconnect"),
        Arguments.of("four floods under a high threshold", List.of(Offence.FLOOD, Offence.FLOOD, Offence.FLOOD,
            Offence.FLOOD), 1_000, "nothing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("offenceCases")
  void offences(String what, List<Offence> offences, int threshold, String expected) {
    PeerManager<FakeLink> m = manager(new JsonObject().put("banThreshold", threshold).put("banSeconds", 60));
    FakeLink c = connect(m, inbound(1, "10.0.0.1"));
    List<PeerAction<FakeLink>> last = List.of();
    for (Offence o : offences) {
      assertEquals(List.of(), last, what + ": punished before the last offence");
      last = m.onOffence(c, o, "test", T0, NOW);
    }
    switch (expected) {
      case "ban" -> {
        assertEquals(List.of(new PeerAction.Ban<>(c, offences.get(offences.size() - 1), "test", NOW + 60_000)), last, what);
        assertTrue(m.bans().isIdBanned(id(1), NOW + 59_999), what);
        assertTrue(m.bans().isIpBanned("10.0.0.1", NOW + 59_999), what);
        assertFalse(m.bans().isIdBanned(id(1), NOW + 60_000), what + ": for banSeconds");
      }
      case "disconnect" -> {
        assertEquals(List.of(new PeerAction.Disconnect<>(c, DisconnectReason.PROTOCOL_ERROR, "test")), last, what);
        assertFalse(m.bans().isIdBanned(id(1), NOW), what);
      }
      default -> {
        assertEquals(List.of(), last, what);
        assertFalse(m.bans().isIdBanned(id(1), NOW), what);
      }
    }
  }

  @Test
  void aBannedPeerIsRefusedAtTheDoorAndTheBanIsSaved() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, inbound(1, "10.0.0.1"));
    m.tick(T0, NOW); // saves the book the connection changed
    m.onOffence(c, Offence.BAD_FRAME, "garbage", T0, NOW);
    assertEquals(1, only(PeerAction.Save.class, m.tick(T0, NOW)).size(), "the ban is saved at the next tick");
    assertFalse(m.acceptsInbound("10.0.0.1", NOW + 1), "its IP is closed before TLS");
    assertTrue(m.acceptsInbound("10.0.0.2", NOW + 1));
    assertEquals(DisconnectReason.BANNED, m.onIdentity(inbound(1, "10.0.0.3"), NOW + 1).orElseThrow().reason(),
        "its id, from any IP");
  }

  @Test
  void loopbackIsNeverBannedOnlyTheNodeId() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, inbound(1, "127.0.0.1"));
    assertEquals(1, m.onOffence(c, Offence.BAD_FRAME, "garbage", T0, NOW).size());
    assertTrue(m.bans().isIdBanned(id(1), NOW + 1));
    assertTrue(m.acceptsInbound("127.0.0.1", NOW + 1), "other local nodes share loopback");
  }

  @Test
  void aPeerAlreadyClosingIsNotPunishedAgain() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, inbound(1, "10.0.0.1"));
    c.closing = true;
    assertEquals(List.of(), m.onOffence(c, Offence.BAD_FRAME, "after the goodbye", T0, NOW));
    assertFalse(m.bans().isIdBanned(id(1), NOW));
  }

  // ---- the dial schedule ----

  private static List<String> dialled(List<PeerAction<FakeLink>> actions) {
    return actions.stream().filter(a -> a instanceof PeerAction.Dial).map(a -> ((PeerAction.Dial<FakeLink>) a).address())
        .toList();
  }

  @Test
  void seedsAreDialledIntoFreeOutboundSlotsOnceEach() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("seeds",
        new JsonArray().add("10.0.0.1:7001").add("10.0.0.2:7001").add("10.0.0.3:7001")));
    List<PeerAction<FakeLink>> first = m.tick(T0, NOW);
    assertEquals(2, dialled(first).size(), "maxOutbound is 2: " + first);
    PeerAction.Dial<FakeLink> d = only(PeerAction.Dial.class, first).get(0);
    assertEquals(HostPort.parse(d.address()), d.target());
    assertEquals(List.of(), dialled(m.tick(T0 + 250 * MS, NOW + 250)), "both still being dialled");
    m.dialFailed(dialled(first).get(0), false, NOW + 250);
    List<String> next = dialled(m.tick(T0 + 500 * MS, NOW + 500));
    assertEquals(1, next.size(), "the freed slot goes to the seed not yet tried: " + next);
    assertFalse(next.contains(dialled(first).get(0)), "the failed one waits for its back-off");
  }

  @Test
  void neitherOurOwnAddressNorOneWeHoldAConnectionToIsDialled() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 8).put("seeds",
        new JsonArray().add("127.0.0.1:" + PORT).add("10.0.0.1:7001").add("10.0.0.2:7001")));
    connect(m, outbound(1, "10.0.0.1:7001"));
    FakeLink greeting = outbound(2, "10.0.0.2:7001");
    m.onIdentity(greeting, NOW); // still in its handshake: dialling again would only make a DUPLICATE
    assertEquals(List.of(), dialled(m.tick(T0, NOW)));
    assertEquals(Optional.empty(), m.requestDial("127.0.0.1:" + PORT, "api"));
    assertEquals(Optional.empty(), m.requestDial("10.0.0.2:7001", "api"));
  }

  @Test
  void anAskedForDialGoesAheadEvenWithNoFreeSlotButNotWhenStopping() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 1));
    connect(m, outbound(1, "10.0.0.1:7001"));
    assertEquals("10.0.0.9:7001", m.requestDial("10.0.0.9:7001", "api").orElseThrow().address());
    assertEquals(Optional.empty(), m.requestDial("10.0.0.9:7001", "api"), "once at a time");
    assertEquals(Optional.empty(), m.requestDial("no port here", "api"), "not host:port");
    assertNull(m.book().get("no port here"), "and forgotten");
    m.stop();
    assertEquals(Optional.empty(), m.requestDial("10.0.0.8:7001", "api"));
    assertFalse(m.acceptsInbound("10.0.0.8", NOW));
  }

  @Test
  void aDialThatNeverGetsReadyCountsAsAFailureUnlessItWasADuplicate() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("seeds", new JsonArray().add("10.0.0.1:7001")));
    assertEquals(List.of("10.0.0.1:7001"), dialled(m.tick(T0, NOW)));
    m.dialDone("10.0.0.1:7001");
    FakeLink c = outbound(1, "10.0.0.1:7001");
    m.onIdentity(c, NOW);
    assertFalse(m.onClosed(c, DisconnectReason.WRONG_CHAIN, NOW));
    assertEquals(1, m.book().get("10.0.0.1:7001").failures());
    assertTrue(m.book().get("10.0.0.1:7001").nextAttempt() > NOW + 8_000, "a permanent refusal backs off long");
  }

  @Test
  void aPeerThatLeftIsRedialledSoonAndOneTheOperatorDroppedIsNot() {
    PeerManager<FakeLink> m = manager();
    FakeLink a = connect(m, outbound(1, "10.0.0.1:7001"));
    FakeLink b = connect(m, outbound(2, "10.0.0.2:7001"));
    assertTrue(m.onClosed(a, DisconnectReason.TIMEOUT, NOW));
    assertEquals(0, m.book().get("10.0.0.1:7001").failures());
    assertSame(b, m.dropRequested(id(2), NOW).orElseThrow());
    assertEquals(1, m.book().get("10.0.0.2:7001").failures());
    assertEquals(Optional.empty(), m.dropRequested(id(9), NOW));
  }

  @Test
  void withFreeSlotsAndNothingToDialOnePeerIsAskedForAddressesEveryTwoSeconds() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, inbound(1, "10.0.0.1"));
    assertEquals(List.of(), only(PeerAction.AskForAddresses.class, m.tick(T0, NOW)), "the first ask waits 2 s too");
    assertEquals(List.of(), only(PeerAction.AskForAddresses.class, m.tick(T0 + 1_999 * MS, NOW)));
    assertEquals(List.of(new PeerAction.AskForAddresses<>(c)),
        only(PeerAction.AskForAddresses.class, m.tick(T0 + 2_000 * MS, NOW)));
    assertEquals(List.of(), only(PeerAction.AskForAddresses.class, m.tick(T0 + 3_000 * MS, NOW)));
  }

  @Test
  void stopSaysGoodbyeToReadyPeersAndHandshakesAlike() {
    PeerManager<FakeLink> m = manager();
    FakeLink ready = connect(m, inbound(1, "10.0.0.1"));
    FakeLink greeting = inbound(2, "10.0.0.2");
    m.onIdentity(greeting, NOW);
    assertFalse(m.stopping());
    assertEquals(List.of(ready, greeting), m.stop());
    assertTrue(m.stopping());
    assertEquals(List.of(), dialled(m.tick(T0, NOW)));
  }

  @Test
  void peerExchangeSkipsOurOwnAddressAndSharesOnlyWhatWorked() {
    PeerManager<FakeLink> m = manager();
    DialSchedule dials = m.dials();
    dials.heardOf("127.0.0.1:" + PORT, id(3), "pex:test");
    dials.heardOf("10.0.0.4:7001", SELF, "pex:test");
    dials.heardOf("10.0.0.5:7001", id(5), "pex:test");
    assertNull(m.book().get("127.0.0.1:" + PORT));
    assertNull(m.book().get("10.0.0.4:7001"));
    assertEquals(id(5), m.book().get("10.0.0.5:7001").nodeId());
    assertEquals(List.of(), dials.shareable(64, id(1)), "never connected: not shared");
    connect(m, outbound(5, "10.0.0.5:7001"));
    assertEquals(List.of("10.0.0.5:7001"), dials.shareable(64, id(1)).stream().map(AddressBook.Entry::address).toList());
    assertEquals(List.of(), dials.shareable(64, id(5)), "not its own address back to the asker");
    List<String> out = new ArrayList<>();
    dials.shareable(64, id(1)).forEach(e -> PeerExchange.toWire(e).ifPresent(a -> out.add(a.host() + ":" + a.port())));
    assertEquals(List.of("10.0.0.5:7001"), out);
  }

  // ---- refused by the peer set at HELLO ----

  @Test
  void aSecondConnectionFromAConnectedNodeOrOnePastTheOutboundLimitIsRefusedAtHello() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 1));
    FakeLink first = connect(m, inbound(1, "10.0.0.1"));
    FakeLink again = inbound(1, "10.0.0.2");
    m.onIdentity(again, NOW);
    PeerManager.Admission<FakeLink> dup = m.onHello(again, hello(id(1), "10.0.0.2", 7001), NOW);
    assertEquals(new Refusal(DisconnectReason.DUPLICATE, "already connected to this node"), dup.refusal());
    assertNull(dup.address());
    assertSame(first, m.peer(id(1)).orElseThrow(), "the connection already there stays");
    // Two dials that both got through TLS: the second finds the one outbound slot taken.
    connect(m, outbound(2, "10.0.0.2:7001"));
    FakeLink late = outbound(3, "10.0.0.3:7001");
    m.onIdentity(late, NOW);
    assertEquals(new Refusal(DisconnectReason.TOO_MANY_PEERS, "connection limit reached"),
        m.onHello(late, hello(id(3), "10.0.0.3", 7001), NOW).refusal());
    assertEquals(2, m.size());
  }

  // ---- goodbyes, closes and redials ----

  @Test
  void aPeerThatSaysItWouldRefuseUsAgainIsBackedOffLongAnyOtherGoodbyeIsNot() {
    PeerManager<FakeLink> m = manager();
    FakeLink banning = connect(m, outbound(1, "10.0.0.1:7001"));
    FakeLink leaving = connect(m, outbound(2, "10.0.0.2:7001"));
    m.onDisconnectMessage(banning, DisconnectReason.BANNED, NOW);
    m.onDisconnectMessage(leaving, DisconnectReason.SHUTTING_DOWN, NOW);
    assertEquals(1, m.book().get("10.0.0.1:7001").failures());
    assertEquals(NOW + 80_000, m.book().get("10.0.0.1:7001").nextAttempt(), "ten times the longest back-off (8 s)");
    assertEquals(0, m.book().get("10.0.0.2:7001").failures(), "shutting down: it may well be back soon");
    assertEquals(0, m.book().get("10.0.0.2:7001").nextAttempt());
    // A peer with no address we could dial leaves nothing in the book either way.
    FakeLink unreachable = inbound(3, "10.0.0.3");
    m.onIdentity(unreachable, NOW);
    assertNull(m.onHello(unreachable, hello(id(3), "10.0.0.3", 0), NOW).address());
    int known = m.book().size();
    m.onDisconnectMessage(unreachable, DisconnectReason.BANNED, NOW);
    assertEquals(known, m.book().size());
  }

  /**
   * {@code onClosed} of a ready peer calls {@code AddressBook.onDisconnected} ("try again in about a
   * second"); it once overwrote the long back-off the DISCONNECT had just set.
   */
  @Test
  void aReadyPeerThatDisconnectsUsForAPermanentReasonIsNotRedialledBeforeItsBackOff() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, outbound(1, "10.0.0.1:7001"));
    // As the handshake reactor and the network verticle do it: DISCONNECT read, the connection aborted, then closed.
    m.onDisconnectMessage(c, DisconnectReason.BANNED, NOW);
    assertTrue(m.onClosed(c, DisconnectReason.BANNED, NOW));
    assertEquals(List.of(), dialled(m.tick(T0 + 79_999 * MS, NOW + 79_999)));
    assertEquals(List.of("10.0.0.1:7001"), dialled(m.tick(T0 + 80_000 * MS, NOW + 80_000)));
  }

  @Test
  void aReadyPeerThatClosesIsRedialledAfterAShortPauseNotAtOnce() {
    PeerManager<FakeLink> m = manager();
    FakeLink c = connect(m, outbound(1, "10.0.0.1:7001"));
    assertTrue(m.onClosed(c, DisconnectReason.TIMEOUT, NOW));
    assertEquals(List.of(), dialled(m.tick(T0, NOW)), "not at once");
    assertEquals(List.of(), dialled(m.tick(T0 + 749 * MS, NOW + 749)), "reconnectBaseMs 1 s, -25% at most");
    assertEquals(List.of("10.0.0.1:7001"), dialled(m.tick(T0 + 1_250 * MS, NOW + 1_250)), "+25% at most");
  }

  @Test
  void aDialThatConnectedFreesItsSlotForTheNextCandidate() {
    PeerManager<FakeLink> m = manager(new JsonObject().put("maxOutbound", 1).put("seeds",
        new JsonArray().add("10.0.0.1:7001").add("10.0.0.2:7001")));
    assertEquals(List.of("10.0.0.1:7001"), dialled(m.tick(T0, NOW)));
    m.dialDone("10.0.0.1:7001");
    FakeLink c = outbound(1, "10.0.0.1:7001");
    m.onIdentity(c, NOW);
    NodeConfig cfg = config(new JsonObject());
    Hello otherChain = new Hello(WireCodec.PROTOCOL, "other", Genesis.of(cfg.chainParams()).hash(), id(1), "h", 7001, 0, Work.of(0));
    assertEquals(DisconnectReason.WRONG_CHAIN, m.onHello(c, otherChain, NOW).refusal().reason());
    assertFalse(m.onClosed(c, DisconnectReason.WRONG_CHAIN, NOW));
    assertEquals(List.of("10.0.0.2:7001"), dialled(m.tick(T0 + 250 * MS, NOW + 250)),
        "the one slot is free again; the seed on another chain backs off");
  }

  // ---- what the operator sees of a peer ----

  @Test
  void aPeersInfoShowsItsAddressOrElseItsIpAndItsScoreAsItDrains() {
    PeerManager<FakeLink> m = manager();
    FakeLink dialled = connect(m, outbound(1, "10.0.0.1:7001"));
    dialled.height = 42;
    dialled.totalWork = Work.of(4_200);
    m.onOffence(dialled, Offence.INVALID_BLOCK, "bad block", T0, NOW);
    assertEquals(new PeerInfo(id(1), "10.0.0.1:7001", "outbound", 42, Work.of(4_200), NOW, 30), m.info(dialled, T0 + 4_000 * MS),
        "34 points, 4 drained in 4 s");
    FakeLink unreachable = inbound(2, "10.0.0.2");
    m.onIdentity(unreachable, NOW);
    assertTrue(m.onHello(unreachable, hello(id(2), "10.0.0.2", 0), NOW).admitted());
    unreachable.ready = true;
    assertEquals(new PeerInfo(id(2), "10.0.0.2", "inbound", 0, Work.of(0), NOW, 0), m.info(unreachable, T0),
        "no listen port: shown by its IP");
  }
}
