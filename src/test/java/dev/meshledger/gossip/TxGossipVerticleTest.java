package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer;
import dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted;
import dev.meshledger.bus.ledger.LedgerMessages.TransferIds;
import dev.meshledger.bus.ledger.LedgerMessages.TransferList;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Await;
import dev.meshledger.wire.Message.TxAnnounce;
import dev.meshledger.wire.Message.TxRequest;
import dev.meshledger.wire.Message.Txs;
import dev.meshledger.wire.Message;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transaction gossip verticle alone, its collaborators replaced by consumers on their
 * addresses: a fake network (peer list, send, penalize) and a fake ledger (submit, pending).
 */
class TxGossipVerticleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String CHAIN = NodeConfig.defaults().chainId();

  private Vertx vertx;
  private final List<SendTo> sent = new CopyOnWriteArrayList<>();
  private final List<Penalize> penalties = new CopyOnWriteArrayList<>();
  private final List<SubmitTransfer> submitted = new CopyOnWriteArrayList<>();
  private final List<Transfer> pending = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    var bus = vertx.eventBus();
    bus.localConsumer(Addresses.P2P_PEERS, m -> m.reply(new PeerList(List.of(info(A))), Bus.LOCAL));
    bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> sent.add(m.body()));
    bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> penalties.add(m.body()));
    bus.<SubmitTransfer>localConsumer(Addresses.LEDGER_SUBMIT_TRANSFER, m -> {
      SubmitTransfer s = m.body();
      submitted.add(s);
      pending.add(s.transfer());
      m.reply(TransferVerdict.accepted(s.transfer().id(), false), Bus.LOCAL);
      bus.publish(Addresses.LEDGER_TRANSFER_ACCEPTED, new TransferAccepted(s.transfer(), s.fromPeer()), Bus.LOCAL);
    });
    bus.<TransferIds>localConsumer(Addresses.LEDGER_PENDING, m -> m.reply(new TransferList(
        pending.stream().filter(t -> m.body().ids().contains(t.id())).toList()), Bus.LOCAL));
    vertx.deployVerticle(new TxGossipVerticle(NodeConfig.defaults())).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static PeerInfo info(String id) {
    return new PeerInfo(id, "127.0.0.1:1", "outbound", 0, Work.of(0), 0, 0);
  }

  private void fromPeer(String peer, Message m) {
    vertx.eventBus().send(Channel.TRANSACTIONS.address(), new Inbound(peer, m, System.currentTimeMillis()), Bus.LOCAL);
  }

  private List<Message> sentTo(String peer) {
    return sent.stream().filter(s -> s.peerId().equals(peer)).map(SendTo::message).toList();
  }

  @Test
  void announcedTransfersAreFetchedCheckedSubmittedOnceAndPassedOnButABadSignatureIsPunished() {
    WalletKey alice = WalletKey.generate();
    AccountId bob = WalletKey.generate().account();
    Transfer good = alice.transfer(CHAIN, bob, 100, 1, 0);
    Transfer signed = alice.transfer(CHAIN, bob, 200, 1, 1);
    // same fields as a signed transfer, someone else's signature: well formed, badly signed
    Transfer forged = Transfer.of(CHAIN, signed.from(), signed.to(), 999, 1, 1, signed.signature());
    // A was connected before the verticle started (from the peer list); B connects now
    vertx.eventBus().publish(Addresses.P2P_PEER_CONNECTED, info(B), Bus.LOCAL);

    fromPeer(A, new TxAnnounce(List.of(good.id(), forged.id())));
    Await.until(WAIT, () -> sentTo(A).contains(new TxRequest(List.of(good.id(), forged.id()))), () -> "a request to A: " + sent);
    fromPeer(A, new Txs(List.of(good, forged)));

    Await.until(WAIT, () -> !submitted.isEmpty() && !penalties.isEmpty(), () -> "a submit and a penalty: " + submitted + penalties);
    assertEquals(List.of(new SubmitTransfer(good, A, true)), submitted, "only the good one, as A's, signature checked");
    assertEquals(1, penalties.size());
    assertEquals(A, penalties.get(0).peerId());
    assertEquals(Offence.INVALID_TRANSACTION, penalties.get(0).offence());

    // the ledger accepted it from A: it is announced to B, never back to A
    Await.until(WAIT, () -> sentTo(B).contains(new TxAnnounce(List.of(good.id()))), () -> "an announce to B: " + sent);
    assertTrue(sentTo(A).stream().noneMatch(m -> m instanceof TxAnnounce), "nothing announced back to A: " + sentTo(A));

    // B asks for it and gets it from the ledger's pending set
    fromPeer(B, new TxRequest(List.of(good.id(), forged.id())));
    Await.until(WAIT, () -> sentTo(B).contains(new Txs(List.of(good))), () -> "the transfer sent to B: " + sent);

    // B announcing it back, or A sending it again unasked, costs no second submit
    fromPeer(B, new TxAnnounce(List.of(good.id())));
    fromPeer(A, new Txs(List.of(good)));
    fromPeer(A, new TxAnnounce(List.of(good.id())));
    Transfer other = alice.transfer(CHAIN, bob, 5, 1, 2);
    fromPeer(A, new TxAnnounce(List.of(other.id()))); // a marker: handled after the three above
    Await.until(WAIT, () -> sentTo(A).contains(new TxRequest(List.of(other.id()))), () -> "the marker request");
    assertEquals(1, submitted.size(), "submitted once");
    assertEquals(1, sentTo(A).stream().filter(m -> m instanceof TxRequest r && r.ids().contains(good.id())).count(),
        "asked for once");
  }
}
