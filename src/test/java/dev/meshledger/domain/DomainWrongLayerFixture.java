package dev.meshledger.domain;

import dev.meshledger.codec.BlockCodec;
import io.vertx.core.Vertx;

/** Deliberately in the wrong layer: the domain using Vert.x and the codec. Only LayerRulesCatchTest loads it. */
final class DomainWrongLayerFixture {
  Vertx vertx;

  int size(Block b) {
    return BlockCodec.encodedSize(b);
  }
}
