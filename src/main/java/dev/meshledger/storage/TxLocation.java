package dev.meshledger.storage;

import dev.meshledger.domain.Hash;

/** Where a transfer sits: a block (on any branch) and its index among the block's transfers. */
public record TxLocation(Hash blockHash, int index) {}
