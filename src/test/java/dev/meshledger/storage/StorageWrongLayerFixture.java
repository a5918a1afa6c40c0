package dev.meshledger.storage;

import dev.meshledger.bus.Bus;

/** Deliberately in the wrong layer: the store talking on the bus. Only LayerRulesCatchTest loads it. */
final class StorageWrongLayerFixture {
  long timeout() {
    return Bus.local(1).getSendTimeout();
  }
}
