package dev.meshledger.sync;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.codec.HeaderCodec;
import dev.meshledger.domain.Header;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import java.util.List;

/**
 * Answers a peer's GETHEADERS from our best chain, read through the chain verticle: the headers (with
 * their commits) after the first locator hash we have on it, at most {@code sync.headersPerRequest} and
 * what one frame holds. Beside {@link ChainServer}, with the same limit on requests served at once.
 */
final class HeaderServer {
  private final ChainClient chain;
  private final NetworkClient network;
  private final HeadFollower head;
  private final ServeRules rules;
  private final long maxFrameBytes;
  private final int maxHeaders;

  HeaderServer(ChainClient chain, NetworkClient network, HeadFollower head, long maxFrameBytes, int maxHeaders) {
    this.chain = chain;
    this.network = network;
    this.head = head;
    this.rules = new ServeRules(maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
    this.maxHeaders = maxHeaders;
  }

  void serve(String peerId, GetHeaders r) {
    if (!rules.begin(peerId)) {
      network.penalize(peerId, Offence.FLOOD, "over " + ServeRules.MAX_SERVING_PER_PEER + " header requests at once");
      return;
    }
    chain.locate(r.locator())
        .compose(h -> chain.headers(h + 1, Math.min(r.maxCount(), maxHeaders)))
        .onComplete(ar -> {
          rules.end(peerId);
          if (ar.succeeded()) {
            network.send(peerId, new Headers(r.requestId(), fit(ar.result(), maxFrameBytes), head.head().height()));
          }
        });
  }

  /** The longest prefix whose encoding fits one frame (BFT commits make headers larger). */
  static List<Header> fit(List<Header> headers, long maxFrameBytes) {
    long budget = maxFrameBytes - ServeRules.RESPONSE_OVERHEAD_BYTES;
    for (int i = 0; i < headers.size(); i++) {
      budget -= HeaderCodec.encodedSize(headers.get(i));
      if (budget < 0) {
        return headers.subList(0, i);
      }
    }
    return headers;
  }

  void forget(String peerId) {
    rules.forget(peerId);
  }
}
