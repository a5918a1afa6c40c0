package dev.meshledger.consensus;

import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.ledger.AccountId;
import io.vertx.core.Vertx;
import dev.meshledger.domain.finality.DoubleSign;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds this validator's block when the core asks (Algorithm 1's getValue()): the oldest waiting data
 * and the best-paying transfers on the head's state, with the operator's first pending validator vote
 * the chain would accept (proof of authority: one vote per block, as Clique and QBFT carry it), or under proof
 * of stake the double signs it may slash (from the evidence pool; the chain leaves out offenders already
 * tombstoned on the parent's state). In round 0 it waits, up to the block period after
 * the head's timestamp, for something to include; later rounds propose at once.
 */
final class Proposer {
  private static final Logger log = LoggerFactory.getLogger(Proposer.class);

  /** Answered with the block built for a height and round. */
  interface Built {
    void built(long height, int round, Block block);
  }

  private final Vertx vertx;
  private final BlockFactory factory;
  private final AccountId account;
  private final BftParams bft;
  private final Built built;
  private final LedgerClient ledger;
  private final Supplier<Optional<ValidatorVote>> vote;
  private final LongFunction<List<DoubleSign>> evidence;
  private Block head;
  private DataDesk desk;
  private long pendingHeight = -1;
  private int pendingRound;
  private boolean building;
  private long timer = -1;

  /**
   * {@code vote}: the operator's vote to carry in the next block, if any (proof of authority); {@code evidence}:
   * the double signs a block at a height may slash (proof of stake).
   */
  Proposer(Vertx vertx, NodeKey key, ChainParams params, BftParams bft, Built built,
      Supplier<Optional<ValidatorVote>> vote, LongFunction<List<DoubleSign>> evidence) {
    this.vote = vote;
    this.evidence = params.isStake() ? evidence : h -> List.of();
    this.vertx = vertx;
    this.factory = new BlockFactory(key, params);
    this.account = AccountId.of(key.publicKey());
    this.bft = bft;
    this.built = built;
    this.ledger = new LedgerClient(vertx);
  }

  void onHead(Block b, DataDesk d) {
    head = b;
    desk = d;
    pendingHeight = -1;
  }

  void propose(long height, int round) {
    pendingHeight = height;
    pendingRound = round;
    wake();
  }

  /** Something may be waiting to be included now (data, a transfer), or the block period is over. */
  void wake() {
    if (pendingHeight < 0 || building || head == null || pendingHeight != head.height() + 1) {
      return;
    }
    long wait = head.timestamp() + bft.blockPeriodMs() - System.currentTimeMillis();
    if (pendingRound > 0 || wait <= 0 || desk.hasData()) {
      build();
      return;
    }
    ledger.mempool().onComplete(ar -> {
      if (ar.succeeded() && ar.result().count() > 0) {
        build();
      } else if (timer < 0) {
        timer = vertx.setTimer(Math.max(1, wait), t -> {
          timer = -1;
          wake();
        });
      }
    });
  }

  private void build() {
    if (building || pendingHeight < 0) {
      return;
    }
    building = true;
    long height = pendingHeight;
    int round = pendingRound;
    Block parent = head;
    byte[] data = desk.next().orElse(new byte[0]);
    long timestamp = Math.max(System.currentTimeMillis(), parent.timestamp() + 1);
    ValidatorVote ballot = vote.get().orElse(null);
    ledger.template(parent.hash(), account, 1, evidence.apply(height))
        .compose(bodies -> vertx.executeBlocking(() ->
            factory.make(parent.height(), parent.hash(), timestamp, data, bodies.get(0), ballot, () -> false).orElseThrow()))
        .onComplete(ar -> {
          building = false;
          if (pendingHeight == height && pendingRound == round) {
            pendingHeight = -1;
          }
          if (ar.failed()) {
            log.warn("could not build the block for height {} round {}: {}", height, round, ar.cause().toString());
          } else {
            built.built(height, round, ar.result());
          }
          // the core asked again (a later round) while this one was being built: build that one now
          wake();
        });
  }
}
