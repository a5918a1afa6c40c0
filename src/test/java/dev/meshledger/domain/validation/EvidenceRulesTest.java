package dev.meshledger.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.TestEvidence;
import dev.meshledger.domain.ledger.stake.StakeParams;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every rule a block's double-sign evidence must pass, as a table: the block alone (off proof of stake, a
 * validator twice, two votes for one block, a bad signature, a foreign chain's signature) and against the
 * sets by height (a signer outside the offence's set, too old, from the future), each refused as
 * BAD_EVIDENCE by the validator; what passes is taken.
 */
class EvidenceRulesTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey STRANGER = TestBlocks.keyFrom(77);
  /** unbondingBlocks 10: an offence more than 10 heights below the block is forgiven. */
  private static final StakeParams STAKING = new StakeParams(10, 5, 10, 1, 100, 4);
  private static final List<Member> SET = KEYS.stream().map(k -> new Member(k.id(), 100)).toList();
  private static final ChainParams POS = ChainParams.of("evidence-rules", 0, 1024)
      .withBft(new BftParams(1000, 3000, 1000, 1000, SET, STAKING));
  private static final ChainParams POA = ChainParams.of("evidence-rules-poa", 0, 1024)
      .withBft(new BftParams(1000, 3000, 1000, 1000, SET));
  private static final Hash G = Genesis.of(POS).hash();
  /** The genesis set votes on 1..20; from 21 the fourth validator is out and the stranger in. */
  private static final Membership MEMBERS = Membership.genesis(SET)
      .elect(19, List.of(SET.get(0), SET.get(1), SET.get(2), new Member(STRANGER.id(), 100)));
  private static final long AT = 25;

  private static Block block(ChainParams params, long height, List<DoubleSign> evidence) {
    Block g = Genesis.of(params);
    return new BlockFactory(KEYS.get(0), params).make(height - 1, g.hash(), TestBlocks.T0, TestBlocks.utf8("e"),
        new BlockBody(List.of(), g.stateRoot(), evidence), null, () -> false).orElseThrow();
  }

  private static DoubleSign ok(NodeKey k, long height) {
    return TestEvidence.prevotes(k, G, height);
  }

  private static DoubleSign badSignature() {
    DoubleSign e = ok(KEYS.get(1), 22);
    byte[] sig = e.secondSig().clone();
    sig[0] ^= 1;
    return new DoubleSign(e.validator(), e.type(), e.height(), e.round(), e.first(), e.firstSig(), e.second(), sig);
  }

  private static DoubleSign sameVote() {
    Optional<Hash> x = Optional.of(Sha256.of(new byte[] {9}));
    byte[] sig = KEYS.get(1).sign(SignBytes.vote(G, SignBytes.PREVOTE, 22, 0, x));
    return new DoubleSign(KEYS.get(1).publicKey(), SignBytes.PREVOTE, 22, 0, x, sig, x, sig);
  }

  record Row(String rule, ChainParams params, List<DoubleSign> evidence, Optional<String> expected) {}

  @Test
  void eachRuleRefusesItsCaseAsBadEvidence() {
    Hash other = Genesis.of(POA).hash();
    List<Row> rows = List.of(
        new Row("a double sign by a member of the offence's height", POS, List.of(ok(KEYS.get(1), 22)), Optional.empty()),
        new Row("two offenders", POS, List.of(ok(KEYS.get(1), 22), ok(KEYS.get(2), 23)), Optional.empty()),
        new Row("the oldest height still punishable", POS, List.of(ok(KEYS.get(1), AT - 10)), Optional.empty()),
        new Row("an offence at the block's own height", POS, List.of(ok(KEYS.get(1), AT)), Optional.empty()),
        new Row("a member of the old set, for an offence while it was one", POS, List.of(ok(KEYS.get(3), 20)),
            Optional.empty()),
        new Row("off proof of stake", POA, List.of(ok(KEYS.get(1), 22)), Optional.of("only under proof of stake")),
        new Row("one validator twice", POS, List.of(ok(KEYS.get(1), 22), ok(KEYS.get(1), 23)),
            Optional.of("punished twice")),
        new Row("two votes for one block", POS, List.of(sameVote()), Optional.of(DoubleSign.Problem.SAME_VOTE.meaning())),
        new Row("a side's signature broken", POS, List.of(badSignature()),
            Optional.of(DoubleSign.Problem.BAD_SIGNATURE.meaning())),
        new Row("signed for another chain", POS, List.of(TestEvidence.prevotes(KEYS.get(1), other, 22)),
            Optional.of(DoubleSign.Problem.BAD_SIGNATURE.meaning())),
        new Row("a signer outside the set of its height", POS, List.of(ok(STRANGER, 20)),
            Optional.of(DoubleSign.Problem.NOT_A_VALIDATOR.meaning())),
        new Row("a member voted out before the offence", POS, List.of(ok(KEYS.get(3), 21)),
            Optional.of(DoubleSign.Problem.NOT_A_VALIDATOR.meaning())),
        new Row("older than unbondingBlocks", POS, List.of(ok(KEYS.get(1), AT - 11)),
            Optional.of(DoubleSign.Problem.TOO_OLD.meaning())),
        new Row("from the future", POS, List.of(ok(KEYS.get(1), AT + 1)),
            Optional.of(DoubleSign.Problem.FROM_THE_FUTURE.meaning())),
        new Row("the second offence bad", POS, List.of(ok(KEYS.get(1), 22), ok(KEYS.get(2), AT + 1)),
            Optional.of(DoubleSign.Problem.FROM_THE_FUTURE.meaning())));
    for (Row r : rows) {
      Block b = block(r.params(), AT, r.evidence());
      Optional<String> got = EvidenceRules.intrinsic(b, r.params(), G, Ed25519::verify)
          .or(() -> EvidenceRules.withSet(b, MEMBERS, EvidenceRules.maxAge(r.params())));
      assertEquals(r.expected().isPresent(), got.isPresent(), r.rule() + ": " + got);
      r.expected().ifPresent(want -> assertEquals(true, got.get().contains(want), r.rule() + ": " + got.get()));
      Optional<Rejection> verdict = new BlockValidator(r.params()).checkIntrinsic(b, TestBlocks.T0, false)
          .or(() -> BlockValidator.checkMembership(b, MEMBERS, false, EvidenceRules.maxAge(r.params())));
      assertEquals(r.expected().map(x -> Rejection.BAD_EVIDENCE), verdict, r.rule());
    }
  }

  @Test
  void aBlockWithoutEvidencePassesAndTheWindowIsTheUnbondingPeriod() {
    Block none = block(POS, AT, List.of());
    assertEquals(Optional.empty(), EvidenceRules.intrinsic(none, POS, G, Ed25519::verify));
    assertEquals(Optional.empty(), EvidenceRules.withSet(none, MEMBERS, 10));
    assertEquals(10, EvidenceRules.maxAge(POS));
    assertEquals(0, EvidenceRules.maxAge(POA));
    assertEquals(0, EvidenceRules.maxAge(ChainParams.of("pow", 0, 1024)));
    // two votes for one block are refused by the block alone, before any signature is checked
    assertEquals(Optional.of(DoubleSign.Problem.SAME_VOTE.meaning()),
        EvidenceRules.intrinsic(block(POS, AT, List.of(sameVote())), POS, G, (k, m, s) -> true));
  }

  @Test
  void assumeValidTakesTheEvidenceSignaturesButNotItsOtherRules() {
    BlockValidator v = new BlockValidator(POS);
    Block broken = block(POS, AT, List.of(badSignature()));
    assertEquals(Optional.of(Rejection.BAD_EVIDENCE), v.checkIntrinsic(broken, TestBlocks.T0, false));
    Block brokenCommitted = broken.withCommit(TestCommits.commit(G, AT, 0, broken.hash(), KEYS));
    assertEquals(Optional.empty(), v.checkIntrinsicAssumingSignatures(brokenCommitted, TestBlocks.T0));
    Block twice = block(POS, AT, List.of(ok(KEYS.get(1), 22), ok(KEYS.get(1), 23)));
    assertEquals(Optional.of(Rejection.BAD_EVIDENCE), v.checkIntrinsicAssumingSignatures(
        twice.withCommit(TestCommits.commit(G, AT, 0, twice.hash(), KEYS)), TestBlocks.T0));
  }
}
