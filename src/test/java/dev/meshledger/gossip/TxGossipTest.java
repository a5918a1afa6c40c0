package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.gossip.TxGossipAction.LookUp;
import dev.meshledger.gossip.TxGossipAction.Penalize;
import dev.meshledger.gossip.TxGossipAction.Send;
import dev.meshledger.gossip.TxGossipAction.Submit;
import dev.meshledger.gossip.TxGossipAction.Verify;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.TxAnnounce;
import dev.meshledger.wire.Message.TxRequest;
import dev.meshledger.wire.Message.Txs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The transaction gossip rules, one event at a time, without a bus or a clock. */
class TxGossipTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final String D = "d".repeat(64);
  private static final long T0 = 1_000_000;
  private static final long TIMEOUT = 2_000;

  /** Small caps so that every bound is reached in a few steps. */
  private static TxGossipLimits limits(int maxIds, int seen, int known, int inFlight, int messagesPerSecond) {
    return new TxGossipLimits(maxIds, 3, 1024, 50, TIMEOUT, seen, known, inFlight, 2, messagesPerSecond, 1, 1);
  }

  private static TxGossip gossip(String... peers) {
    return gossip(limits(4, 100, 100, 100, 1000), peers);
  }

  private static TxGossip gossip(TxGossipLimits limits, String... peers) {
    TxGossip g = new TxGossip(limits);
    for (String p : peers) {
      g.onPeerConnected(p, T0);
    }
    return g;
  }

  static Transfer tx(int n) {
    byte[] sig = new byte[TransferBytes.SIGNATURE_SIZE];
    Arrays.fill(sig, (byte) n);
    return Transfer.of("txgossip-test", AccountId.fromHex("01".repeat(32)), AccountId.fromHex("02".repeat(32)), n, 1, n, sig);
  }

  private static Hash id(int n) {
    return tx(n).id();
  }

  /** The ids each peer is sent in announcements, by peer. */
  private static Map<String, List<Hash>> announced(List<TxGossipAction> actions) {
    Map<String, List<Hash>> out = new TreeMap<>();
    for (TxGossipAction a : actions) {
      if (a instanceof Send s && s.message() instanceof TxAnnounce an) {
        out.computeIfAbsent(s.peerId(), k -> new ArrayList<>()).addAll(an.ids());
      }
    }
    return out;
  }

  private static Send request(String peer, Hash... ids) {
    return new Send(peer, new TxRequest(List.of(ids)));
  }

  private static Set<String> peers(String csv) {
    return csv.isEmpty() ? Set.of() : Arrays.stream(csv.split(" ")).map(s -> s.repeat(64)).collect(Collectors.toSet());
  }

  // ---- announcing ----

  @ParameterizedTest(name = "from {0}, known by [{1}] -> announced to [{2}]")
  @CsvSource({
      "'',  '',        'a b c d'",  // ours, from the API: everyone
      "a,   '',        'b c d'",    // never back to its source
      "a,   'd',       'b c'",      // nor to a peer that announced it to us
      "a,   'b c d',   ''",
      "'',  'a b c d', ''"})
  void anAcceptedTransferIsAnnouncedToEveryPeerButItsSourceAndThoseKnownToHaveIt(String from, String knownBy,
      String expected) {
    TxGossip g = gossip(A, B, C, D);
    Hash x = id(1);
    for (String p : peers(knownBy)) {
      g.onMessage(p, new TxAnnounce(List.of(x)), T0);
    }
    assertEquals(List.of(), g.onAccepted(tx(1), from.isEmpty() ? null : from.repeat(64), T0), "batched, not sent at once");
    Map<String, List<Hash>> sent = announced(g.onTick(T0 + 50));
    assertEquals(peers(expected), sent.keySet());
    sent.values().forEach(ids -> assertEquals(List.of(x), ids));
    assertEquals(Map.of(), announced(g.onTick(T0 + 100)), "announced once");
    assertEquals(Map.of(), announced(g.onAccepted(tx(1), null, T0 + 150)), "accepted twice, announced once");
    assertEquals(Map.of(), announced(g.onTick(T0 + 200)));
  }

  @Test
  void announcementsGoOutInBatchesOfTheCapOrAtTheTick() {
    TxGossip g = gossip(A, B); // cap 4
    List<TxGossipAction> early = new ArrayList<>();
    for (int n = 1; n <= 9; n++) {
      List<TxGossipAction> out = g.onAccepted(tx(n), null, T0);
      if (n % 4 != 0) {
        assertEquals(List.of(), out, "tx " + n + " waits for the batch");
      }
      early.addAll(out);
    }
    assertEquals(List.of(
        new Send(A, new TxAnnounce(List.of(id(1), id(2), id(3), id(4)))),
        new Send(B, new TxAnnounce(List.of(id(1), id(2), id(3), id(4)))),
        new Send(A, new TxAnnounce(List.of(id(5), id(6), id(7), id(8)))),
        new Send(B, new TxAnnounce(List.of(id(5), id(6), id(7), id(8))))),
        sortByPeerInBatches(early));
    assertEquals(Map.of(A, List.of(id(9)), B, List.of(id(9))), announced(g.onTick(T0 + 50)));
    assertEquals(List.of(), g.onTick(T0 + 100), "nothing queued, nothing sent");
  }

  /** Full batches of the same size come out per peer in map order: put them in (batch, peer) order. */
  private static List<TxGossipAction> sortByPeerInBatches(List<TxGossipAction> actions) {
    List<TxGossipAction> first = new ArrayList<>(actions.subList(0, 2));
    List<TxGossipAction> second = new ArrayList<>(actions.subList(2, 4));
    java.util.Comparator<TxGossipAction> byPeer = java.util.Comparator.comparing(a -> ((Send) a).peerId());
    first.sort(byPeer);
    second.sort(byPeer);
    first.addAll(second);
    return first;
  }

  // ---- requesting ----

  @Test
  void onlyIdsNeitherSeenNorInFlightAreRequested() {
    TxGossip g = gossip(A, B);
    g.onAccepted(tx(1), null, T0); // held
    assertEquals(List.of(request(A, id(2))), g.onMessage(A, new TxAnnounce(List.of(id(2))), T0));
    assertEquals(List.of(request(B, id(3))), g.onMessage(B, new TxAnnounce(List.of(id(1), id(2), id(3), id(3))), T0),
        "1 is held, 2 is asked of A already, 3 is asked once");
    assertEquals(A, g.askedOf(id(2)));
    assertEquals(B, g.askedOf(id(3)));
    assertTrue(g.knows(B, id(1)) && g.knows(B, id(2)), "an announcer is known to hold what it announced");
  }

  @Test
  void anIdInFlightIsNotAskedAgainUntilItTimesOutThenAnotherAnnouncerIsAsked() {
    TxGossip g = gossip(A, B, C);
    Hash x = id(1);
    assertEquals(List.of(request(A, x)), g.onMessage(A, new TxAnnounce(List.of(x)), T0));
    assertEquals(List.of(), g.onMessage(B, new TxAnnounce(List.of(x)), T0 + 10));
    assertEquals(List.of(), g.onMessage(C, new TxAnnounce(List.of(x)), T0 + 20));
    assertEquals(List.of(), g.onTick(T0 + TIMEOUT - 1), "still waiting for A");
    assertEquals(List.of(request(B, x)), g.onTick(T0 + TIMEOUT), "A timed out: B, the next announcer");
    assertEquals(List.of(), g.onTick(T0 + 2 * TIMEOUT - 1));
    assertEquals(List.of(request(C, x)), g.onTick(T0 + 2 * TIMEOUT));
    assertEquals(List.of(), g.onTick(T0 + 3 * TIMEOUT), "no announcer left: given up");
    assertEquals(0, g.inFlightCount());
    assertEquals(List.of(request(A, x)), g.onMessage(A, new TxAnnounce(List.of(x)), T0 + 3 * TIMEOUT + 1),
        "announced again after giving up: asked again");
  }

  @Test
  void whatWasAskedOfAPeerThatLeftIsAskedOfTheNextAnnouncerAtOnce() {
    TxGossip g = gossip(A, B);
    g.onMessage(A, new TxAnnounce(List.of(id(1), id(2))), T0);
    g.onMessage(B, new TxAnnounce(List.of(id(2))), T0);
    assertEquals(List.of(request(B, id(2))), g.onPeerGone(A, T0 + 5));
    assertNull(g.askedOf(id(1)), "no one else announced 1");
    assertEquals(List.of(), g.onMessage(A, new TxAnnounce(List.of(id(3))), T0 + 6), "a gone peer's late message is ignored");
    assertFalse(g.isConnected(A));
    g.onPeerConnected(A, T0 + 7);
    assertEquals(List.of(request(A, id(3))), g.onMessage(A, new TxAnnounce(List.of(id(3))), T0 + 8), "back again");
  }

  @Test
  void alternatesPerIdAreBounded() {
    TxGossip g = gossip(A, B, C, D); // 2 alternates
    Hash x = id(1);
    g.onMessage(A, new TxAnnounce(List.of(x)), T0);
    g.onMessage(B, new TxAnnounce(List.of(x)), T0);
    g.onMessage(C, new TxAnnounce(List.of(x)), T0);
    g.onMessage(D, new TxAnnounce(List.of(x)), T0);
    assertEquals(List.of(request(B, x)), g.onTick(T0 + TIMEOUT));
    assertEquals(List.of(request(C, x)), g.onTick(T0 + 2 * TIMEOUT));
    assertEquals(List.of(), g.onTick(T0 + 3 * TIMEOUT), "D was past the bound");
  }

  // ---- receiving transfers ----

  @Test
  void requestedTransfersAreVerifiedAndUnrequestedOnesDropped() {
    TxGossip g = gossip(A, B);
    g.onMessage(A, new TxAnnounce(List.of(id(1), id(2))), T0);
    assertEquals(List.of(new Verify(A, List.of(tx(1), tx(2)))),
        g.onMessage(A, new Txs(List.of(tx(1), tx(2), tx(3))), T0 + 1), "3 was never asked for: dropped, tolerated");
    assertEquals(0, g.inFlightCount());
    assertEquals(List.of(), g.onMessage(A, new Txs(List.of(tx(1))), T0 + 2), "a second copy is unrequested");
    assertEquals(List.of(), g.onMessage(B, new TxAnnounce(List.of(id(1), id(2))), T0 + 3), "seen: not asked again");
  }

  @Test
  void aLateAnswerFromAnEarlierAnnouncerIsStillTaken() {
    TxGossip g = gossip(A, B);
    g.onMessage(A, new TxAnnounce(List.of(id(1))), T0);
    g.onMessage(B, new TxAnnounce(List.of(id(1))), T0);
    g.onTick(T0 + TIMEOUT); // asked of B now
    assertEquals(List.of(new Verify(A, List.of(tx(1)))), g.onMessage(A, new Txs(List.of(tx(1))), T0 + TIMEOUT + 1));
    assertEquals(List.of(), g.onMessage(B, new Txs(List.of(tx(1))), T0 + TIMEOUT + 2), "B's copy comes second");
  }

  @Test
  void aPeerThatKeepsSendingUnrequestedTransfersIsPunished() {
    TxGossip g = gossip(A); // 1 unrequested a second, burst 64
    List<TxGossipAction> out = new ArrayList<>();
    for (int n = 0; n < 64; n++) {
      out.addAll(g.onMessage(A, new Txs(List.of(tx(n))), T0));
    }
    assertEquals(List.of(), out, "a burst of races is tolerated");
    List<TxGossipAction> more = g.onMessage(A, new Txs(List.of(tx(99))), T0);
    assertEquals(1, more.size());
    assertEquals(Offence.UNSOLICITED, ((Penalize) more.get(0)).offence());
    assertEquals(List.of(), g.onMessage(A, new Txs(List.of(tx(100))), T0 + 1_000), "the allowance refills");
  }

  @Test
  void aBadSignatureIsAnOffenceOfItsSender() {
    TxGossip g = gossip(A);
    assertEquals(List.of(new Submit(A, tx(1))), g.onVerified(A, tx(1), true));
    List<TxGossipAction> bad = g.onVerified(A, tx(2), false);
    assertEquals(1, bad.size());
    Penalize p = (Penalize) bad.get(0);
    assertEquals(A, p.peerId());
    assertEquals(Offence.INVALID_TRANSACTION, p.offence());
  }

  @ParameterizedTest(name = "{0} known={1} -> offence {2}")
  @CsvSource({
      ",                      false, false",
      ",                      true,  false",
      "BAD_SIGNATURE,         false, true",
      "MALFORMED_TRANSACTION, false, true",
      "WRONG_CHAIN,           false, true",
      "NONCE_TOO_LOW,         false, false",
      "NONCE_TOO_HIGH,        false, false",
      "INSUFFICIENT_FUNDS,    false, false",
      "FEE_TOO_LOW,           false, false",
      "MEMPOOL_FULL,          false, false",
      "ACCOUNT_LIMIT,         false, false"})
  void theLedgerVerdictDecidesWhetherTheSenderIsPunished(String code, boolean known, boolean offence) {
    TxGossip g = gossip(A);
    TransferVerdict v = code == null ? TransferVerdict.accepted(id(1), known) : TransferVerdict.refused(id(1), code, "x");
    List<TxGossipAction> out = g.onSubmitted(A, tx(1), v);
    assertEquals(offence ? List.of(Offence.INVALID_TRANSACTION) : List.of(),
        out.stream().map(a -> ((Penalize) a).offence()).toList());
  }

  // ---- answering requests ----

  @Test
  void aRequestIsLookedUpDistinctAndCapped() {
    TxGossip g = gossip(A); // cap 4
    List<Hash> six = List.of(id(1), id(1), id(2), id(3), id(4), id(5));
    assertEquals(List.of(new LookUp(A, List.of(id(1), id(2), id(3), id(4)))), g.onMessage(A, new TxRequest(six), T0));
    assertEquals(List.of(), g.onMessage(A, new TxRequest(List.of()), T0));
  }

  @Test
  void pendingTransfersGoOutInMessagesCappedByCountAndBytes() {
    // 3 transfers a message, 1024 bytes: 7 of 168 bytes each fit 6 to 1024 bytes, so the count binds
    TxGossip g = gossip(A);
    List<Transfer> seven = IntStream.range(0, 7).mapToObj(TxGossipTest::tx).toList();
    assertEquals(List.of(new Send(A, new Txs(seven.subList(0, 3))), new Send(A, new Txs(seven.subList(3, 6))),
        new Send(A, new Txs(seven.subList(6, 7)))), g.onPending(A, seven));
    assertTrue(g.knows(A, id(6)), "what we sent, it has");
    assertEquals(List.of(), g.onPending(A, List.of()));
    assertEquals(List.of(), g.onPending(B, seven), "not connected");

    TxGossip bytes = gossip(new TxGossipLimits(4, 4096, 1024, 50, TIMEOUT, 100, 100, 100, 2, 1000, 1, 1), A);
    List<Transfer> many = IntStream.range(0, 13).mapToObj(TxGossipTest::tx).toList();
    List<TxGossipAction> out = bytes.onPending(A, many);
    int perMessage = 1024 / TransferBytes.encodedSize(tx(0));
    assertEquals((13 + perMessage - 1) / perMessage, out.size());
    for (TxGossipAction a : out) {
      int size = ((Txs) ((Send) a).message()).transfers().stream().mapToInt(TransferBytes::encodedSize).sum();
      assertTrue(size <= 1024, size + " bytes");
    }
  }

  // ---- bounds ----

  @Test
  void theSeenSetIsAnLru() {
    TxGossip g = gossip(limits(4, 3, 100, 100, 1000), A);
    for (int n = 1; n <= 4; n++) {
      g.onAccepted(tx(n), null, T0);
    }
    assertEquals(3, g.seenCount());
    assertEquals(List.of(request(A, id(1))), g.onMessage(A, new TxAnnounce(List.of(id(1), id(2), id(3), id(4))), T0),
        "1 was forgotten, 2..4 are remembered");
  }

  @Test
  void eachPeersKnownSetIsBounded() {
    TxGossip g = gossip(limits(4, 100, 5, 100, 1000), A);
    for (int n = 0; n < 20; n++) {
      g.onAccepted(tx(n), null, T0);
    }
    assertEquals(5, g.knownCount(A));
    assertTrue(g.knows(A, id(19)) && !g.knows(A, id(0)));
  }

  @Test
  void inFlightRequestsAreBounded() {
    TxGossip g = gossip(limits(4, 100, 100, 3, 1000), A);
    assertEquals(List.of(request(A, id(1), id(2), id(3))), g.onMessage(A, new TxAnnounce(List.of(id(1), id(2), id(3), id(4))), T0));
    assertEquals(3, g.inFlightCount());
    g.onMessage(A, new Txs(List.of(tx(1))), T0 + 1);
    assertEquals(List.of(request(A, id(4))), g.onMessage(A, new TxAnnounce(List.of(id(4))), T0 + 2), "room again");
  }

  @Test
  void anAnnounceOverTheConfiguredCapIsCut() {
    TxGossip g = gossip(A); // cap 4, the wire allows 4096
    List<Hash> ten = IntStream.range(0, 10).mapToObj(TxGossipTest::id).toList();
    assertEquals(List.of(new Send(A, new TxRequest(ten.subList(0, 4)))), g.onMessage(A, new TxAnnounce(ten), T0));
  }

  static Stream<Arguments> txMessages() {
    return Stream.of(Arguments.of(new TxAnnounce(List.of())), Arguments.of(new TxRequest(List.of(id(1)))),
        Arguments.of(new Txs(List.of())));
  }

  @ParameterizedTest
  @MethodSource("txMessages")
  void aPeerOverItsMessageRateIsDroppedAndScored(Message m) {
    TxGossip g = gossip(limits(4, 100, 100, 100, 2), A); // 2 a second, burst 4
    for (int i = 0; i < 4; i++) {
      assertTrue(g.onMessage(A, m, T0).stream().noneMatch(a -> a instanceof Penalize), "burst message " + i);
    }
    List<TxGossipAction> over = g.onMessage(A, new TxAnnounce(List.of(id(7))), T0);
    assertEquals(List.of(Offence.FLOOD), over.stream().map(a -> ((Penalize) a).offence()).toList(), "dropped, scored");
    assertNull(g.askedOf(id(7)), "the dropped announce was not acted on");
    assertEquals(List.of(request(A, id(7))), g.onMessage(A, new TxAnnounce(List.of(id(7))), T0 + 500), "refilled");
  }
}
