/**
 * What makes a BFT block final, as plain rules every node checks alike: the commit (precommit
 * signatures) a block carries, the bytes a validator signs, and the check that a commit holds more
 * than 2/3 of the voting power. The state machine that produces commits is {@code consensus.bft}.
 */
package dev.meshledger.domain.finality;
