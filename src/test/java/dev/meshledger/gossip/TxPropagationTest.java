package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer;
import dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted;
import dev.meshledger.bus.ledger.LedgerMessages.TransferIds;
import dev.meshledger.bus.ledger.LedgerMessages.TransferList;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.wire.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transaction gossip over real TLS on loopback, three nodes in a line, each with the transaction
 * gossip verticle deployed beside the node and a fake ledger (a map) answering for the chain.
 */
@Tag("integration")
class TxPropagationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The ledger's side as the chain will answer it: a mempool that takes every new, well-signed transfer. */
  static final class FakeLedger {
    final Map<Hash, Transfer> pool = new ConcurrentHashMap<>();
    final List<SubmitTransfer> submissions = new CopyOnWriteArrayList<>();

    FakeLedger(Node n) {
      var bus = n.vertx.eventBus();
      bus.<SubmitTransfer>localConsumer(Addresses.LEDGER_SUBMIT_TRANSFER, m -> {
        SubmitTransfer s = m.body();
        submissions.add(s);
        Transfer t = s.transfer();
        if (!s.signatureChecked() && !Transfers.verify(t)) {
          m.reply(TransferVerdict.refused(t.id(), "BAD_SIGNATURE", "bad signature"), Bus.LOCAL);
        } else if (pool.putIfAbsent(t.id(), t) != null) {
          m.reply(TransferVerdict.accepted(t.id(), true), Bus.LOCAL);
        } else {
          m.reply(TransferVerdict.accepted(t.id(), false), Bus.LOCAL);
          bus.publish(Addresses.LEDGER_TRANSFER_ACCEPTED, new TransferAccepted(t, s.fromPeer()), Bus.LOCAL);
        }
      });
      bus.<TransferIds>localConsumer(Addresses.LEDGER_PENDING, m -> m.reply(new TransferList(
          m.body().ids().stream().map(pool::get).filter(t -> t != null).toList()), Bus.LOCAL));
    }

    long times(Transfer t) {
      return submissions.stream().filter(s -> s.transfer().id().equals(t.id())).count();
    }
  }

  private static FakeLedger withTxGossip(Node n) {
    FakeLedger ledger = new FakeLedger(n);
    TestNetwork.get(n.vertx.deployVerticle(new TxGossipVerticle(n.config())), 30);
    return ledger;
  }

  @Test
  void aTransferAcceptedAtOneEndReachesTheOtherOnceEachAndABadSignatureIsPunished(@TempDir Path dir) {
    // One outbound and one inbound slot each: a line a - b - c, whatever peer exchange says.
    JsonObject line = new JsonObject().put("p2p", new JsonObject().put("maxOutbound", 1).put("maxInbound", 1));
    JsonObject head = line.copy();
    head.getJsonObject("p2p").put("maxOutbound", 0);
    try (TestNetwork net = new TestNetwork(dir); RawPeer forger = new RawPeer(TestBlocks.keyFrom(41))) {
      Node a = net.start("txa", TestNetwork.options().config(head));
      Node b = net.start("txb", TestNetwork.options().config(line.copy()).seeds(a.address()));
      Node c = net.start("txc", TestNetwork.options().config(line.copy()).seeds(b.address()));
      List<Node> nodes = List.of(a, b, c);
      List<FakeLedger> ledgers = new ArrayList<>();
      nodes.forEach(n -> ledgers.add(withTxGossip(n)));
      TestNetwork.await("b peered with a", () -> b.peerIds().contains(a.id()));
      TestNetwork.await("c peered with b", () -> c.peerIds().contains(b.id()));
      assertEquals(List.of(b.id()), c.peerIds(), "c hears of a only through b");

      WalletKey alice = WalletKey.generate();
      AccountId bob = WalletKey.generate().account();
      Transfer t = alice.transfer(a.config().chainId(), bob, 42, 1, 0);
      // as the API does: from no peer, signature not yet checked
      TransferVerdict v = TestNetwork.get(new LedgerClient(a.vertx).submit(t, null, false), 30);
      assertTrue(v.isAccepted() && !v.known(), String.valueOf(v));

      Await.until(WAIT, () -> ledgers.get(2).pool.containsKey(t.id()), () -> "the transfer reached c");
      for (int i = 0; i < 3; i++) {
        assertEquals(1, ledgers.get(i).times(t), nodes.get(i).name + " submitted it once");
      }
      assertEquals(new SubmitTransfer(t, b.id(), true), ledgers.get(2).submissions.get(0), "c had it from b, checked");
      assertEquals(new SubmitTransfer(t, a.id(), true), ledgers.get(1).submissions.get(0), "b had it from a, checked");

      // A peer of c announces a transfer whose signature is not its sender's, and sends it when asked.
      Transfer signed = alice.transfer(a.config().chainId(), bob, 7, 1, 1);
      Transfer forged = Transfer.of(signed.chainId(), signed.from(), signed.to(), 7_000_000, 1, 1, signed.signature());
      forger.connect(c, c.head().height(), c.head().totalWork());
      TestNetwork.await("c took the forger as a peer", () -> c.peerIds().contains(forger.id()));
      forger.send(new Message.TxAnnounce(List.of(forged.id())));
      Await.until(WAIT, () -> forger.received.contains(new Message.TxRequest(List.of(forged.id()))),
          () -> "c asked the forger for it: " + forger.received);
      forger.send(new Message.Txs(List.of(forged)));
      NetworkClient network = new NetworkClient(c.vertx);
      Await.until(WAIT, () -> TestNetwork.get(network.peers(), 10).stream()
          .filter(p -> p.nodeId().equals(forger.id())).mapToInt(PeerInfo::score).max().orElse(0) > 0,
          () -> "c scored the forger");
      assertEquals(0, ledgers.get(2).times(forged), "a forged transfer never reaches the ledger");
    }
  }
}
