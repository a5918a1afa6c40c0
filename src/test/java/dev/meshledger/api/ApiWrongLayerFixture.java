package dev.meshledger.api;

import dev.meshledger.storage.MemoryBlockStore;

/** Deliberately in the wrong layer: the API reaching into the store. Only LayerRulesCatchTest loads it. */
final class ApiWrongLayerFixture {
  MemoryBlockStore store;
}
