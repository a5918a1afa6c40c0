package dev.meshledger.consensus;

import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.consensus.bft.RoundState;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.ProposalMessage;
import dev.meshledger.wire.Message.VoteMessage;
import io.vertx.core.WorkerExecutor;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The edge of the consensus channel: a proposal or vote is dropped when it is old, not a validator's, or
 * seen before; its signature is checked on the verifier thread; a bad one costs the sending peer, a good
 * one is relayed once to the other peers (so votes cross a mesh that is not complete) and handed on.
 */
final class Inbox {
  private final Hash genesis;
  private final NetworkClient network;
  private final WorkerExecutor verifier;
  /** Rounds past ours a vote may be for: far more than honest validators drift apart. */
  static final int ROUNDS_AHEAD = 1000;
  private final Supplier<RoundState> state;
  private final Validators validators;
  private final BiConsumer<Inbound, Long> accept;
  private final Recent seen = new Recent(8192);

  Inbox(Hash genesis, NetworkClient network, WorkerExecutor verifier, Supplier<RoundState> state,
      Validators validators, BiConsumer<Inbound, Long> accept) {
    this.genesis = genesis;
    this.network = network;
    this.verifier = verifier;
    this.state = state;
    this.validators = validators;
    this.accept = accept;
  }

  /** Our own message: it comes back from the peers that relay it, and is not news then. */
  void sent(Message m) {
    seen.add(key(signatureOf(m)));
  }

  /** The height of a PROPOSAL or VOTE. */
  static long heightOf(Message m) {
    return m instanceof VoteMessage v ? v.height() : ((ProposalMessage) m).height();
  }

  private static byte[] signatureOf(Message m) {
    return m instanceof VoteMessage v ? v.signature() : ((ProposalMessage) m).signature();
  }

  void receive(Inbound in) {
    Message m = in.message();
    long h = heightOf(m);
    String signer = m instanceof VoteMessage v ? v.validator() : ((ProposalMessage) m).proposer();
    byte[] sig = signatureOf(m);
    if (h < state.get().height() || !isValidator(signer, h) || !timely(m) || !seen.add(key(sig))) {
      return; // old news, not one of ours (a relay may pass it on in good faith), or heard already
    }
    verifier.executeBlocking(() -> Ed25519.verify(HexFormat.of().parseHex(signer), signBytes(m), sig))
        .onSuccess(ok -> {
          if (!ok) {
            network.penalize(in.peerId(), Offence.INVALID_CONSENSUS_MESSAGE, "bad signature on " + m.type());
            return;
          }
          network.broadcast(m, Set.of(in.peerId()));
          accept.accept(in, h);
        });
  }

  /**
   * Bounds what a validator can make this node hold: votes up to {@link #ROUNDS_AHEAD} rounds past ours
   * (the f+1 round skip needs the later ones), a proposal (with its block) only from its round's
   * proposer and at most one round ahead. What is too far ahead is not marked seen, so the sender's
   * next rebroadcast is heard.
   */
  private boolean timely(Message m) {
    RoundState s = state.get();
    if (m instanceof VoteMessage v) {
      return v.height() > s.height() || v.round() <= (long) s.round() + ROUNDS_AHEAD;
    }
    ProposalMessage p = (ProposalMessage) m;
    if (p.height() != s.height()) {
      return p.height() == s.height() + 1 && p.round() == 0;
    }
    return p.round() <= s.round() + 1 && validators.at(s.height()).proposer(p.round()).equals(p.proposer());
  }

  /** Whether {@code id} votes at {@code height} (for a height past the chain's, the set decided so far). */
  private boolean isValidator(String id, long height) {
    return validators.members(height).stream().anyMatch(m -> m.id().equals(id));
  }

  private byte[] signBytes(Message m) {
    if (m instanceof VoteMessage v) {
      return SignBytes.vote(genesis, v.voteType(), v.height(), v.round(), v.block());
    }
    ProposalMessage p = (ProposalMessage) m;
    return SignBytes.proposal(genesis, p.height(), p.round(), p.polRound(), p.block().hash());
  }

  private static Hash key(byte[] signature) {
    return Hash.wrap(Arrays.copyOf(signature, Hash.SIZE));
  }
}
