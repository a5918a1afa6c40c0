package dev.meshledger.domain.validation;

/** Why a block is not valid. The names are part of the API and the logs. */
public enum Rejection {
  UNKNOWN_PARENT("its parent is not known"),
  BAD_HEIGHT("its height is not its parent's plus one"),
  BAD_HASH("its hash does not match its header"),
  BAD_DATA_HASH("its data does not match the header's data hash"),
  BAD_POW("its hash is above the target its bits stand for"),
  BAD_BITS("its bits (compact target) are not the ones the chain requires after its parent"),
  BAD_SIGNATURE("its producer's signature does not verify"),
  TOO_LARGE("its data is over the size limit"),
  FUTURE_TIMESTAMP("its timestamp is too far in the future"),
  TIME_TOO_OLD("its timestamp is not above the median of its 11 ancestors' (median time past)"),
  BAD_GENESIS("it is not this network's genesis block"),
  TOO_MANY_TRANSFERS("it holds more transfers than a block may"),
  BAD_TX_ROOT("its transfers do not match the header's transaction root"),
  BAD_TRANSFER_SIGNATURE("a transfer's signature does not verify"),
  INVALID_TRANSFER("a transfer cannot be applied to its parent's state (nonce, funds or chain)"),
  BAD_STATE_ROOT("the state after it does not match the header's state root"),
  STALE_FORK("it is off the best chain and chain.maxForkDepth or more below its tip"),
  SIDE_BRANCHES_FULL("it is off the best chain and side branches already hold chain.maxSideBranchMegabytes"),
  NOT_A_VALIDATOR("its producer is not a validator of this BFT chain"),
  MISSING_COMMIT("it has no commit: a BFT block is taken only with the precommits that made it final"),
  BAD_COMMIT("its commit does not prove it final (a bad or foreign signature, or 2/3 of the power or less)"),
  BAD_VOTE("its validator vote is refused: a vote under proof of work or proof of stake, on a member to add or a stranger to"
      + " remove, removing the last validator, or cast by a validator voted out"),
  BAD_EVIDENCE("its double-sign evidence is refused: evidence off proof of stake, two offences of one validator, a"
      + " side's signature that does not verify, two votes for one block, a signer outside the set of the offence's"
      + " height, or an offence older than staking.unbondingBlocks or above the block"),
  ALREADY_PUNISHED("its evidence slashes a validator already tombstoned on this branch"),
  UNEXPECTED_COMMIT("it carries a commit on a proof-of-work chain"),
  CONFLICTS_WITH_FINAL("it does not extend the final chain: a final block is never replaced");

  private final String meaning;

  Rejection(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
