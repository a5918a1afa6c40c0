package dev.meshledger.p2p;

import dev.meshledger.chain.Chain;

/** Deliberately in the wrong layer: the network holding the chain. Only LayerRulesCatchTest loads it. */
final class P2pWrongLayerFixture {
  Chain chain;
}
