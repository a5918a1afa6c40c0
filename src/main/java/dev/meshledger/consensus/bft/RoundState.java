package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.Optional;

/** A snapshot of Algorithm 1's per-process variables (h_p, round_p, step_p, locked/valid value and round). */
public record RoundState(long height, int round, Step step, Optional<Hash> lockedValue, int lockedRound,
    Optional<Hash> validValue, int validRound, Optional<Hash> decision) {}
