package dev.meshledger.storage;

import dev.meshledger.domain.Hash;

/** A stored block off the best chain: where it sits and what it costs, for the side-branch cap. */
public record SideBlock(long height, Hash hash, int bytes) {}
