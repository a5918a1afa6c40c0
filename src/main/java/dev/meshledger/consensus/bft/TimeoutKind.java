package dev.meshledger.consensus.bft;

/** The three timeouts of Algorithm 1 (OnTimeoutPropose, OnTimeoutPrevote, OnTimeoutPrecommit). */
public enum TimeoutKind { PROPOSE, PREVOTE, PRECOMMIT }
