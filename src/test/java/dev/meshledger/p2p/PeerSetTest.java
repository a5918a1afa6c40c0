package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.p2p.PeerSet.Admission;
import dev.meshledger.p2p.PeerSet.Entry;
import dev.meshledger.wire.DisconnectReason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerSetTest {
  private static final String SELF = "5".repeat(64);
  private static final String SMALL = "1".repeat(64);
  private static final String LARGE = "9".repeat(64);

  /** A connection as both ends see it: who dialled it, and a name for messages. */
  private record Conn(String name, String dialler) {}

  private static String id(int i) {
    return String.format("%064x", i + 100);
  }

  private static Entry<Conn> in(String id, String ip) {
    return new Entry<>(id, Direction.INBOUND, ip, new Conn("in " + id, id));
  }

  private static Entry<Conn> out(String id) {
    return new Entry<>(id, Direction.OUTBOUND, "10.0.0.9", new Conn("out " + id, SELF));
  }

  @Test
  void inboundAndOutboundLimitsAreSeparate() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 2, 1, 10);
    assertTrue(set.admit(in(id(1), "10.0.0.1")).admitted());
    assertTrue(set.admit(in(id(2), "10.0.0.2")).admitted());
    assertEquals(DisconnectReason.TOO_MANY_PEERS, set.admit(in(id(3), "10.0.0.3")).refusal());
    assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS), set.checkInboundRoom("10.0.0.4", 0));

    assertTrue(set.hasOutboundRoom(), "a full inbound side leaves outbound room");
    assertTrue(set.admit(out(id(4))).admitted());
    assertFalse(set.hasOutboundRoom());
    assertEquals(DisconnectReason.TOO_MANY_PEERS, set.admit(out(id(5))).refusal());
    assertEquals(2, set.count(Direction.INBOUND));
    assertEquals(1, set.count(Direction.OUTBOUND));
    assertEquals(3, set.size());
    assertFalse(set.contains(id(3)));
    assertFalse(set.contains(id(5)));
  }

  @Test
  void removingAPeerFreesItsSlot() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 1, 1, 10);
    Entry<Conn> first = in(id(1), "10.0.0.1");
    set.admit(first);
    assertEquals(DisconnectReason.TOO_MANY_PEERS, set.admit(in(id(2), "10.0.0.2")).refusal());
    assertTrue(set.remove(id(1), first.connection()));
    assertTrue(set.admit(in(id(2), "10.0.0.2")).admitted());
  }

  @Test
  void removeOnlyTakesTheConnectionStillHeld() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 4, 4, 4);
    Entry<Conn> held = in(id(1), "10.0.0.1");
    set.admit(held);
    assertFalse(set.remove(id(1), new Conn("an older, replaced one", id(1))), "a stale close must not drop the live peer");
    assertTrue(set.contains(id(1)));
    assertTrue(set.remove(id(1), held.connection()));
    assertFalse(set.contains(id(1)));
  }

  @Test
  void inboundConnectionsPerIpAreCapped() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 32, 8, 2);
    assertEquals(Optional.empty(), set.checkInboundRoom("10.0.0.1", 0));
    set.admit(in(id(1), "10.0.0.1"));
    assertEquals(Optional.empty(), set.checkInboundRoom("10.0.0.1", 0));
    assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS), set.checkInboundRoom("10.0.0.1", 1),
        "connections still handshaking count too");
    set.admit(in(id(2), "10.0.0.1"));
    assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS), set.checkInboundRoom("10.0.0.1", 0));
    assertEquals(Optional.empty(), set.checkInboundRoom("10.0.0.2", 0), "another IP is not affected");
    set.admit(out(id(3)));
    assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS), set.checkInboundRoom("10.0.0.1", 0));
  }

  @Test
  void outboundConnectionsDoNotCountAgainstTheIpCap() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 32, 8, 1);
    set.admit(new Entry<>(id(1), Direction.OUTBOUND, "10.0.0.1", new Conn("out", SELF)));
    assertEquals(Optional.empty(), set.checkInboundRoom("10.0.0.1", 0));
  }

  @Test
  void ourselvesIsRefused() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 4, 4, 4);
    assertEquals(DisconnectReason.SELF_CONNECTION, set.admit(out(SELF)).refusal());
    assertEquals(DisconnectReason.SELF_CONNECTION, set.admit(in(SELF, "127.0.0.1")).refusal());
    assertEquals(0, set.size());
  }

  @Test
  void aSecondConnectionInTheSameDirectionIsRefused() {
    PeerSet<Conn> set = new PeerSet<>(SELF, 4, 4, 4);
    Entry<Conn> first = in(id(1), "10.0.0.1");
    assertTrue(set.admit(first).admitted());
    Admission<Conn> second = set.admit(in(id(1), "10.0.0.1"));
    assertEquals(DisconnectReason.DUPLICATE, second.refusal());
    assertSame(first.connection(), set.get(id(1)).orElseThrow().connection());

    Entry<Conn> o = out(id(2));
    set.admit(o);
    assertEquals(DisconnectReason.DUPLICATE, set.admit(out(id(2))).refusal());
    assertSame(o.connection(), set.get(id(2)).orElseThrow().connection());
  }

  /**
   * Two nodes dial each other at once: connection "s->l" (dialled by the smaller id) and "l->s".
   * Each end sees both, in either order; both must keep "s->l" and close the other, without
   * talking to each other about it.
   */
  @Test
  void crossedDialsBothEndsKeepTheConnectionTheSmallerIdDialled() {
    Conn sToL = new Conn("s->l", SMALL);
    Conn lToS = new Conn("l->s", LARGE);
    for (boolean smallSeesItsOwnFirst : new boolean[] {true, false}) {
      for (boolean largeSeesItsOwnFirst : new boolean[] {true, false}) {
        String order = "small sees its own dial first: " + smallSeesItsOwnFirst + ", large: " + largeSeesItsOwnFirst;
        Conn keptAtSmall = resolve(SMALL, LARGE, sToL, lToS, smallSeesItsOwnFirst, order);
        Conn keptAtLarge = resolve(LARGE, SMALL, lToS, sToL, largeSeesItsOwnFirst, order);
        assertSame(sToL, keptAtSmall, order);
        assertSame(sToL, keptAtLarge, order);
      }
    }
  }

  /** Runs one end: {@code own} is the connection it dialled, {@code theirs} the one it accepted. */
  private static Conn resolve(String self, String peer, Conn own, Conn theirs, boolean ownFirst, String order) {
    PeerSet<Conn> set = new PeerSet<>(self, 8, 8, 8);
    Entry<Conn> outbound = new Entry<>(peer, Direction.OUTBOUND, "127.0.0.1", own);
    Entry<Conn> inbound = new Entry<>(peer, Direction.INBOUND, "127.0.0.1", theirs);
    List<Entry<Conn>> arrivals = ownFirst ? List.of(outbound, inbound) : List.of(inbound, outbound);
    assertTrue(set.admit(arrivals.get(0)).admitted(), order);
    Admission<Conn> second = set.admit(arrivals.get(1));
    Conn kept = set.get(peer).orElseThrow().connection();
    if (second.admitted()) {
      // the newcomer won: the set says which older connection to close
      assertSame(arrivals.get(0).connection(), second.replaced().connection(), order);
      assertSame(arrivals.get(1).connection(), kept, order);
    } else {
      assertEquals(DisconnectReason.DUPLICATE, second.refusal(), order);
      assertNull(second.replaced(), order);
      assertSame(arrivals.get(0).connection(), kept, order);
    }
    assertEquals(1, set.size(), order);
    return kept;
  }
}
