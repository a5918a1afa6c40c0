package dev.meshledger.sync;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.ServeRange;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.StoredChainResponse;

/**
 * The serving side of the blocksync channel: answers a peer's CHAIN_REQUEST from our best chain,
 * by the rules of {@link ServeRules}. The chain's readers (not its writer) read the blocks, and
 * they go out as the store holds them, never decoded and encoded again. Runs on the sync
 * verticle's context, which routes each request here.
 */
final class ChainServer {
  private final ChainClient chain;
  private final NetworkClient network;
  private final ServeRules rules;

  ChainServer(ChainClient chain, NetworkClient network, long maxFrameBytes) {
    this.chain = chain;
    this.network = network;
    this.rules = new ServeRules(maxFrameBytes);
  }

  void serve(String peerId, ChainRequest r) {
    if (!rules.begin(peerId)) {
      network.penalize(peerId, Offence.FLOOD, "over " + ServeRules.MAX_SERVING_PER_PEER + " chain requests at once");
      return;
    }
    chain.serve(new ServeRange(r.locator(), r.fromHeight(), ServeRules.count(r)))
        .onComplete(ar -> {
          rules.end(peerId);
          if (ar.succeeded()) {
            network.send(peerId, new StoredChainResponse(r.requestId(), rules.fit(ar.result().blocks()),
                ar.result().height()));
          }
        });
  }

  void forget(String peerId) {
    rules.forget(peerId);
  }
}
