package dev.meshledger.bus.consensus;

import dev.meshledger.domain.finality.ValidatorVote;

/** The operator asks this validator to vote {@code vote} in the blocks it proposes (proof of authority). */
public record VoteRequest(ValidatorVote vote) {}
