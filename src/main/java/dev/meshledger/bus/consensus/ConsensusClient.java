package dev.meshledger.bus.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import dev.meshledger.domain.finality.ValidatorVote;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The BFT reactor as the API sees it. */
public final class ConsensusClient {
  private final EventBus bus;

  public ConsensusClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** Asks this validator to vote (proof of authority); the pending votes after it, or fails BAD_REQUEST with a code. */
  public Future<JsonArray> vote(ValidatorVote vote) {
    return bus.<JsonArray>request(Addresses.CONSENSUS_VOTE, new VoteRequest(vote), Bus.LOCAL).map(m -> m.body());
  }

  /** Withdraws the pending vote on {@code validator}; the pending votes after it, or fails NOT_FOUND. */
  public Future<JsonArray> withdraw(String validator) {
    return bus.<JsonArray>request(Addresses.CONSENSUS_WITHDRAW_VOTE, validator, Bus.LOCAL).map(m -> m.body());
  }

  /** Hands a double sign to the evidence pool; the evidence as held, or fails UNPROCESSABLE with a code. */
  public Future<JsonObject> evidence(dev.meshledger.domain.finality.DoubleSign e) {
    return bus.<JsonObject>request(Addresses.CONSENSUS_EVIDENCE, new EvidenceRequest(e), Bus.LOCAL).map(m -> m.body());
  }

  /** The reactor's state as {@code GET /api/consensus} shows it; fails with no handler under proof of work. */
  public Future<JsonObject> status() {
    return bus.<JsonObject>request(Addresses.CONSENSUS_STATUS, null, Bus.LOCAL).map(m -> m.body());
  }
}
