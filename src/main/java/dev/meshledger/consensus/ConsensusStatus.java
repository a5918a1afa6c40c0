package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.RoundState;
import dev.meshledger.consensus.bft.ValidatorSet;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.CommitSig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code GET /api/consensus} under BFT: the engine, the validators, where the rounds are, the last commit. */
final class ConsensusStatus {
  private ConsensusStatus() {}

  static JsonObject json(ConsensusVerticle r) {
    JsonObject o = new JsonObject().put("engine", "bft").put("powerFrom", "spec");
    Block head = r.head;
    o.put("finalizedHeight", head == null ? 0 : head.height());
    // the set voting at the height being decided (the spec's, as votes have changed it)
    long at = r.core == null ? (head == null ? 1 : head.height() + 1) : Math.max(1, r.core.state().height());
    JsonArray vs = new JsonArray();
    long total = 0;
    for (Member v : r.validators.members(at)) {
      vs.add(new JsonObject().put("id", v.id()).put("power", v.power()));
      total += v.power();
    }
    o.put("validators", vs).put("totalPower", total).put("maxValidators", r.bft.maxValidators()).put("pendingVotes", r.votes.json());
    JsonObject tally = new JsonObject();
    if (r.membership != null) {
      r.membership.tally().forEach((subject, voters) -> tally.put(subject, new JsonArray(List.copyOf(voters))));
    }
    o.put("tally", tally).put("evidence", r.misbehaviour == null ? new JsonArray() : r.misbehaviour.json());
    if (r.core == null) {
      return o.put("height", 0).put("round", 0).put("step", "starting");
    }
    RoundState s = r.core.state();
    o.put("height", s.height()).put("round", s.round()).put("step", s.step().name().toLowerCase());
    if (s.height() > 0) {
      ValidatorSet set = r.validators.at(s.height());
      o.put("proposer", set.proposer(s.round()));
    }
    o.put("pendingData", r.desk.pending());
    Block last = head != null && !head.commit().isEmpty() ? head : r.lastDecided;
    if (last != null && !last.commit().isEmpty()) {
      JsonArray signers = new JsonArray();
      last.commit().signatures().stream().map(CommitSig::validatorHex).forEach(signers::add);
      o.put("lastCommit", new JsonObject().put("height", last.height()).put("block", last.hash().toHex())
          .put("round", last.commit().round()).put("proposer", last.producerHex()).put("signers", signers));
    } else {
      o.putNull("lastCommit");
    }
    return o;
  }
}
