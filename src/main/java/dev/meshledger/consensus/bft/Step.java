package dev.meshledger.consensus.bft;

/** Algorithm 1's step_p, in order (its "step >= prevote" compares them), and COMMIT once a height decided. */
public enum Step { PROPOSE, PREVOTE, PRECOMMIT, COMMIT }
