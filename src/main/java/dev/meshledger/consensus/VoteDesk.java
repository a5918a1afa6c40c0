package dev.meshledger.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.consensus.VoteRequest;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.ValidatorVote;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's pending validator votes on this validator (as Besu's {@code qbft_proposeValidatorVote}
 * keeps them): asked for through the API, kept in {@code votes.json} in the data directory over restarts,
 * offered to the proposer one at a time (the first the chain would accept), dropped once this validator's
 * vote is on the chain, the change is decided, or the vote no longer makes sense.
 */
final class VoteDesk {
  private static final Logger log = LoggerFactory.getLogger(VoteDesk.class);

  private final Vertx vertx;
  private final Path file;
  private final String self;
  private final List<ValidatorVote> pending = new ArrayList<>();
  private Future<Void> writing = Future.succeededFuture();

  VoteDesk(Vertx vertx, Path file, String self) {
    this.vertx = vertx;
    this.file = file;
    this.self = self;
  }

  /** Reads the votes kept from the last run. */
  Future<Void> load() {
    var fs = vertx.fileSystem();
    return fs.exists(file.toString()).compose(there -> there ? fs.readFile(file.toString()) : Future.succeededFuture())
        .map(buf -> {
          if (buf != null) {
            for (Object o : new JsonArray(buf)) {
              JsonObject v = (JsonObject) o;
              pending.add(new ValidatorVote(v.getString("validator"), v.getBoolean("add")));
            }
            log.info("{} pending validator votes kept from the last run", pending.size());
          }
          return null;
        });
  }

  /** Answers the API's vote and withdraw commands, checked against the chain's set at that time. */
  void register(Supplier<Membership> members) {
    var bus = vertx.eventBus();
    bus.<VoteRequest>localConsumer(Addresses.CONSENSUS_VOTE, m -> {
      ValidatorVote v = m.body().vote();
      Optional<String> bad = refusal(members.get(), v);
      if (bad.isPresent()) {
        m.fail(Bus.BAD_REQUEST, bad.get());
        return;
      }
      pending.removeIf(p -> p.subject().equals(v.subject()));
      pending.add(v);
      log.info("the operator asks this validator to vote {} {}", v.subject(), v.add() ? "in" : "out");
      save().onComplete(ar -> m.reply(json(), Bus.LOCAL));
    });
    bus.<String>localConsumer(Addresses.CONSENSUS_WITHDRAW_VOTE, m -> {
      if (!pending.removeIf(p -> p.subject().equals(m.body()))) {
        m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no pending vote on " + m.body()));
        return;
      }
      save().onComplete(ar -> m.reply(json(), Bus.LOCAL));
    });
  }

  private Optional<String> refusal(Membership m, ValidatorVote v) {
    Optional<Membership.Refusal> r = m.check(self, v);
    if (r.isPresent()) {
      return Optional.of(switch (r.get()) {
        case VOTER_LEAVING -> Bus.failure("NOT_A_VALIDATOR", "this node is not a validator: only validators vote");
        case ALREADY_MEMBER -> Bus.failure("ALREADY_MEMBER", v.subject() + " is a validator already");
        case NOT_MEMBER -> Bus.failure("NOT_MEMBER", v.subject() + " is not a validator");
        case LAST_VALIDATOR -> Bus.failure("LAST_VALIDATOR", v.subject() + " is the last validator");
        case SET_FULL -> Bus.failure("SET_FULL", "the set holds the spec's consensus.maxValidators already ("
            + m.decided().size() + ")");
      });
    }
    if (m.tally().getOrDefault(v.subject(), Set.of()).contains(self)) {
      return Optional.of(Bus.failure("ALREADY_VOTED", "this validator's vote on " + v.subject()
          + " is on the chain already; it counts until the change is decided"));
    }
    return Optional.empty();
  }

  /** The vote for this validator's next block: the first pending one the chain would accept, if any. */
  Optional<ValidatorVote> next(Membership m) {
    return pending.stream().filter(v -> refusal(m, v).isEmpty()).findFirst();
  }

  /** The chain moved on: votes it counted or that no longer make sense go. */
  void prune(Membership m) {
    if (pending.removeIf(v -> refusal(m, v).isPresent())) {
      save();
    }
  }

  JsonArray json() {
    JsonArray out = new JsonArray();
    pending.forEach(v -> out.add(new JsonObject().put("validator", v.subject()).put("add", v.add())));
    return out;
  }

  /** Writes the list whole, then renames it over the old one; one write at a time, in order. */
  private Future<Void> save() {
    Buffer bytes = json().toBuffer();
    String tmp = file + ".tmp";
    writing = writing.recover(e -> Future.succeededFuture())
        .compose(v -> vertx.fileSystem().writeFile(tmp, bytes))
        .compose(v -> vertx.fileSystem().move(tmp, file.toString(), new CopyOptions().setReplaceExisting(true)))
        .onFailure(e -> log.error("could not keep the pending votes in {}", file, e));
    return writing;
  }
}
