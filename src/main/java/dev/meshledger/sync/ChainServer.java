package dev.meshledger.sync;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import io.vertx.core.Future;

/**
 * The serving side of the blocksync channel: answers a peer's CHAIN_REQUEST from our best chain,
 * read through the chain verticle, by the rules of {@link ServeRules}. Runs on the sync
 * verticle's context, which routes each request here.
 */
final class ChainServer {
  private final ChainClient chain;
  private final NetworkClient network;
  private final HeadFollower head;
  private final ServeRules rules;

  ChainServer(ChainClient chain, NetworkClient network, HeadFollower head, long maxFrameBytes) {
    this.chain = chain;
    this.network = network;
    this.head = head;
    this.rules = new ServeRules(maxFrameBytes);
  }

  void serve(String peerId, ChainRequest r) {
    if (!rules.begin(peerId)) {
      network.penalize(peerId, Offence.FLOOD, "over " + ServeRules.MAX_SERVING_PER_PEER + " chain requests at once");
      return;
    }
    Future<Long> located = r.locator().isEmpty() ? Future.succeededFuture(0L) : chain.locate(r.locator());
    located.map(h -> ServeRules.range(r, h))
        .compose(range -> chain.blocks(range.from(), range.count()))
        .onComplete(ar -> {
          rules.end(peerId);
          if (ar.succeeded()) {
            network.send(peerId, new ChainResponse(r.requestId(), rules.fit(ar.result()), head.head().height()));
          }
        });
  }

  void forget(String peerId) {
    rules.forget(peerId);
  }
}
