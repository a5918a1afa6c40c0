package dev.meshledger.consensus.bft;

/** The two votes of a round; a proposal is signed at {@link SignerState.Step#PROPOSE}. */
public enum VoteType {
  PREVOTE(SignerState.Step.PREVOTE),
  PRECOMMIT(SignerState.Step.PRECOMMIT);

  private final SignerState.Step signStep;

  VoteType(SignerState.Step signStep) {
    this.signStep = signStep;
  }

  /** The step the signer guard records for this vote. */
  public SignerState.Step signStep() {
    return signStep;
  }
}
