package dev.meshledger.domain.ledger.state;

/** The state the chain starts from: the allocated accounts and the supply they make. */
public record GenesisState(StateWrites writes, Supply supply) {}
