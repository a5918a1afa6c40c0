package dev.meshledger.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.BanMessages;
import dev.meshledger.bus.p2p.BanMessages.AddBan;
import dev.meshledger.bus.p2p.BanMessages.Allowlist;
import dev.meshledger.bus.p2p.BanMessages.Ban;
import dev.meshledger.bus.p2p.BanMessages.BanKind;
import dev.meshledger.bus.p2p.BanMessages.Bans;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.config.HostPort;
import dev.meshledger.wire.DisconnectReason;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's bans and allow-list (issue #16), behind {@link dev.meshledger.bus.p2p.NetworkClient}:
 * each change applies at once to the connections open now (a banned id or address, a peer left
 * off the allow-list, is disconnected) and is on disk before the answer. Registered by the
 * network verticle, so it runs on its event loop next to the {@link PeerManager}.
 */
final class OperatorCommands {
  private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);
  /** What a ban's reason says when the operator gave none; also the metric's reason label. */
  static final String OPERATOR = "OPERATOR";

  private final PeerManager<PeerConnection> manager;
  private final PeerStore store;
  private EventBus bus;

  OperatorCommands(PeerManager<PeerConnection> manager, PeerStore store) {
    this.manager = manager;
    this.store = store;
  }

  void register(EventBus bus) {
    this.bus = bus;
    bus.localConsumer(Addresses.P2P_BANS, m -> m.reply(new Bans(manager.bans().list(now())), Bus.LOCAL));
    bus.<AddBan>localConsumer(Addresses.P2P_BAN, this::ban);
    bus.<String>localConsumer(Addresses.P2P_UNBAN, this::unban);
    bus.localConsumer(Addresses.P2P_ALLOWLIST, m -> m.reply(new Allowlist(manager.rules().allowlist()), Bus.LOCAL));
    bus.<Allowlist>localConsumer(Addresses.P2P_SET_ALLOWLIST, this::setAllowlist);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static BanTarget target(Message<?> m, String raw) {
    try {
      return BanTarget.parse(raw);
    } catch (IllegalArgumentException e) {
      m.fail(Bus.BAD_REQUEST, Bus.failure("BAD_TARGET", e.getMessage()));
      return null;
    }
  }

  private void ban(Message<AddBan> m) {
    AddBan a = m.body();
    BanTarget t = target(m, a.target());
    if (t == null) {
      return;
    }
    if (a.seconds() < 0) {
      m.fail(Bus.BAD_REQUEST, Bus.failure("BAD_SECONDS", "seconds must be 0 (until lifted) or more, got " + a.seconds()));
      return;
    }
    long now = now();
    // Past the year 292 million a long overflows; a ban that long is a ban until lifted.
    long until = a.seconds() == 0 || a.seconds() > (BanMessages.FOREVER - now) / 1000 ? BanMessages.FOREVER
        : now + a.seconds() * 1000;
    String reason = a.reason() == null || a.reason().isBlank() ? "banned by the operator" : a.reason();
    Ban b = manager.bans().add(t, until, reason, now);
    log.info("ban added: {} {} {}: {}", t.kind().label(), t.text(),
        until == BanMessages.FOREVER ? "until lifted" : "until " + Instant.ofEpochMilli(until), reason);
    boolean node = t.kind() == BanKind.NODE;
    bus.publish(Addresses.P2P_PEER_BANNED, new PeerBanned(node ? t.text() : null, node ? null : t.text(), OPERATOR, until),
        Bus.LOCAL);
    for (PeerConnection c : manager.connections()) {
      if (node ? c.nodeId().equals(t.text()) : t.contains(BanTarget.addressOf(c.ip()))) {
        c.disconnect(DisconnectReason.BANNED, "banned by the operator: " + reason);
      }
    }
    replyOnceSaved(m, saveBans(), b);
  }

  private void unban(Message<String> m) {
    BanTarget t = target(m, m.body());
    if (t == null) {
      return;
    }
    if (!manager.bans().lift(t)) {
      m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no ban on " + t.text()));
      return;
    }
    log.info("ban lifted: {} {}", t.kind().label(), t.text());
    // Addresses refused while it lasted were put off for long (BANNED is permanent): dial them again now.
    manager.book().retrySoon(e -> t.kind() == BanKind.NODE ? t.text().equals(e.nodeId())
        : HostPort.tryParse(e.address()).map(hp -> t.contains(BanTarget.addressOf(hp.host()))).orElse(false));
    replyOnceSaved(m, saveBans(), true);
  }

  private void setAllowlist(Message<Allowlist> m) {
    List<String> ids;
    try {
      ids = Allowlists.check(new JsonArray(m.body().nodeIds()));
    } catch (IllegalArgumentException e) {
      m.fail(Bus.BAD_REQUEST, Bus.failure("BAD_NODE_ID", "the allow-list's " + e.getMessage()));
      return;
    }
    HandshakeRules rules = manager.rules();
    rules.allowlist(ids);
    if (ids.isEmpty()) {
      log.info("allow-list cleared: any node with a valid key may connect");
    } else {
      log.info("allow-list set: {} node ids", ids.size());
      for (PeerConnection c : manager.connections()) {
        if (!rules.allowed(c.nodeId())) {
          c.disconnect(DisconnectReason.NOT_ALLOWED, "no longer on the allow-list");
        }
      }
    }
    // Peers refused while they were left out were put off for long (NOT_ALLOWED is permanent): dial them again now.
    manager.book().retrySoon(e -> e.nodeId() != null && rules.allowed(e.nodeId()));
    replyOnceSaved(m, store.saveAllowlist(ids), new Allowlist(ids));
  }

  private Future<Void> saveBans() {
    store.markDirty();
    return store.saveIfDirty(manager.book(), manager.bans());
  }

  /** The change is in force either way; the answer says whether it will survive a restart. */
  private static void replyOnceSaved(Message<?> m, Future<Void> saved, Object answer) {
    saved.onComplete(ar -> {
      if (ar.succeeded()) {
        m.reply(answer, Bus.LOCAL);
      } else {
        log.warn("saving the operator's change failed", ar.cause());
        m.fail(Bus.INTERNAL, Bus.failure("NOT_SAVED", "in force now, but not saved: " + ar.cause()));
      }
    });
  }
}
