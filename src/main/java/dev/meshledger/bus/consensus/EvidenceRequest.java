package dev.meshledger.bus.consensus;

import dev.meshledger.domain.finality.DoubleSign;

/** An operator hands over a double sign seen elsewhere ({@code POST /api/consensus/evidence}). */
public record EvidenceRequest(DoubleSign evidence) {}
