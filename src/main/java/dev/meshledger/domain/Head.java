package dev.meshledger.domain;

import dev.meshledger.domain.Hash;

/** The tip of the best chain and the work behind it. */
public record Head(Hash hash, long height, long totalWork) {}
