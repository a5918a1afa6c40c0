package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.Proposal;
import dev.meshledger.consensus.bft.SignerState;
import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.consensus.bft.VoteType;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.wire.Message.ProposalMessage;
import dev.meshledger.wire.Message.VoteMessage;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;

/**
 * This validator's signatures, on one thread in order: the guard goes to disk ({@link SignerFile}) before
 * each signature, so nothing is ever sent that the guard has not recorded; a commit is completed with our
 * own signature after it was made.
 */
final class Signer {
  private final NodeKey key;
  private final Hash genesis;
  private final SignerFile file;
  private final WorkerExecutor thread;
  private final OwnSignatures own = new OwnSignatures();

  Signer(NodeKey key, Hash genesis, SignerFile file, WorkerExecutor thread) {
    this.key = key;
    this.genesis = genesis;
    this.file = file;
    this.thread = thread;
  }

  Future<SignerState> load() {
    return thread.executeBlocking(file::load);
  }

  Future<ProposalMessage> proposal(SignerState guard, Proposal p, Block block) {
    byte[] msg = SignBytes.proposal(genesis, p.height(), p.round(), p.polRound(), p.block());
    return thread.executeBlocking(() -> {
      file.save(guard);
      return new ProposalMessage(p.height(), p.round(), p.polRound(), key.id(), key.sign(msg), block);
    });
  }

  Future<VoteMessage> vote(SignerState guard, Vote v) {
    int type = code(v.type());
    byte[] msg = SignBytes.vote(genesis, type, v.height(), v.round(), v.block());
    return thread.executeBlocking(() -> {
      file.save(guard);
      byte[] sig = key.sign(msg);
      own.put(v, sig);
      return new VoteMessage(type, v.height(), v.round(), v.block(), key.id(), sig);
    });
  }

  /** The commit of decided precommits, after every signature asked for before it. */
  Future<Commit> commit(List<Vote> precommits) {
    return thread.executeBlocking(() -> own.commit(precommits));
  }

  String where() {
    return file.path().toString();
  }

  static int code(VoteType t) {
    return t == VoteType.PREVOTE ? SignBytes.PREVOTE : SignBytes.PRECOMMIT;
  }
}
