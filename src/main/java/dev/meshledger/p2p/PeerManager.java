package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.P2pLimits;
import dev.meshledger.domain.Genesis;
import dev.meshledger.p2p.HandshakeRules.Refusal;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about peers, as plain state: who is admitted (the {@link PeerSet} and the
 * {@link HandshakeRules}), who to ping or drop ({@link Liveness}), what to dial next (the
 * {@link AddressBook}, the dials under way, our own address), and how a peer is punished
 * ({@link Reputation} and {@link BanList}: {@link #onOffence} is the one place). No sockets, no
 * clock: the network verticle passes the time, asks, and carries out the {@link PeerAction}s.
 *
 * @param <L> the connection type
 */
final class PeerManager<L extends Link> {
  private static final Logger log = LoggerFactory.getLogger(PeerManager.class);
  private final P2pLimits limits;
  private final Random random;
  private final HandshakeRules rules;
  private final Liveness liveness;
  private final PeerSet<L> peers;
  private final Reputation reputation;
  private final AddressBook book;
  private final Set<L> handshaking = new LinkedHashSet<>();
  private final DialSchedule dials;
  private BanList bans = new BanList();
  private boolean stopping;
  private boolean unsaved;

  /** The answer to a HELLO: a refusal, or admitted with the peer's address and an older connection to close. */
  record Admission<L>(Refusal refusal, String address, L replaced) {
    boolean admitted() {
      return refusal == null;
    }
  }

  PeerManager(NodeConfig config, String selfId, Random random) {
    this.limits = config.p2pLimits();
    this.random = random;
    this.rules = new HandshakeRules(selfId, config.chainId(), Genesis.of(config.chainParams()).hash(), config.allowlist());
    this.liveness = new Liveness(limits);
    this.peers = new PeerSet<>(selfId, config.maxInbound(), config.maxOutbound(), limits.maxInboundPerIp());
    this.reputation = new Reputation(limits.banThreshold(), 1.0, limits.maxScoreEntries());
    this.book = new AddressBook(limits.reconnectBaseMs(), limits.reconnectMaxMs(), random);
    config.seeds().forEach(book::addSeed);
    this.dials = new DialSchedule(selfId, List.of(config.advertisedHost(), config.p2pHost()), book);
  }

  /** The bans saved before the node last stopped (the saved addresses go into {@link #book}). */
  void restoreBans(BanList saved) {
    bans = saved;
  }

  /** The port the server bound: {@code host:port} of ours is never dialled. */
  void listening(int boundPort) {
    dials.listening(boundPort);
  }

  /** From now on nothing is dialled or accepted; the connections to say goodbye to, ready ones first. */
  List<L> stop() {
    stopping = true;
    return connections();
  }

  boolean stopping() {
    return stopping;
  }

  AddressBook book() {
    return book;
  }

  BanList bans() {
    return bans;
  }

  /** Who may connect (the allow-list); changed by the operator through {@link OperatorCommands}. */
  HandshakeRules rules() {
    return rules;
  }

  /** Before TLS: a banned IP is closed at once. */
  boolean acceptsInbound(String ip, long nowMillis) {
    return !stopping && !bans.isIpBanned(ip, nowMillis);
  }

  /** Right after TLS, the peer named by its certificate: banned, not allowed, ourselves, or no room. */
  Optional<Refusal> onIdentity(L c, long nowMillis) {
    handshaking.add(c);
    Optional<Refusal> refusal = rules.onIdentity(c.nodeId(), c.ip(), bans, nowMillis);
    if (refusal.isEmpty() && c.direction() == Direction.INBOUND) {
      long pendingFromIp = handshaking.stream()
          .filter(h -> h != c && h.direction() == Direction.INBOUND && h.ip().equals(c.ip())).count();
      refusal = peers.checkInboundRoom(c.ip(), (int) pendingFromIp).map(r -> new Refusal(r, "inbound limit reached"));
    }
    refusal.ifPresent(r -> log.info("refused {}: {} ({})", c, r.reason(), r.detail()));
    return refusal;
  }

  /** The peer's HELLO: the handshake rules, then the peer set. The caller marks an admitted peer ready. */
  Admission<L> onHello(L c, Hello h, long nowMillis) {
    Optional<Refusal> refusal = rules.onHello(h, c.nodeId());
    if (refusal.isPresent()) {
      log.info("handshake with {} refused: {} ({})", c, refusal.get().reason(), refusal.get().detail());
      return new Admission<>(refusal.get(), null, null);
    }
    PeerSet.Admission<L> a = peers.admit(new PeerSet.Entry<>(c.nodeId(), c.direction(), c.ip(), c));
    if (!a.admitted()) {
      log.info("{} not admitted: {}", c, a.refusal());
      return new Admission<>(new Refusal(a.refusal(), a.refusal().text()), null, null);
    }
    handshaking.remove(c);
    String address = c.address();
    if (c.direction() == Direction.INBOUND && h.listenPort() > 0) {
      address = h.host() + ":" + h.listenPort();
    }
    if (address != null) {
      book.onConnected(address, c.nodeId(), nowMillis);
      unsaved = true;
    }
    return new Admission<>(null, address, a.replaced() == null ? null : a.replaced().connection());
  }

  /** The peer said goodbye: one that will say the same next time is not dialled again soon. */
  void onDisconnectMessage(L c, DisconnectReason reason, long nowMillis) {
    if (reason.permanent() && c.address() != null) {
      book.onFailed(c.address(), nowMillis, true);
    }
  }

  /** The operator drops a ready peer: it is not redialled at once. */
  Optional<L> dropRequested(String nodeId, long nowMillis) {
    Optional<L> c = peer(nodeId);
    c.map(Link::address).ifPresent(a -> book.onFailed(a, nowMillis, false));
    return c;
  }

  /** A connection closed; true if it was a ready peer (whose going others should hear of). */
  boolean onClosed(L c, DisconnectReason reason, long nowMillis) {
    handshaking.remove(c);
    if (!peers.remove(c.nodeId(), c)) {
      // Never admitted, or replaced by a duplicate: a dial that did not work out.
      if (c.direction() == Direction.OUTBOUND && c.address() != null && reason != DisconnectReason.DUPLICATE) {
        book.onFailed(c.address(), nowMillis, reason.permanent());
      }
      return false;
    }
    if (c.address() != null) {
      book.onDisconnected(c.address(), nowMillis);
    }
    return true;
  }

  /** The one place a peer is punished: score it; past the threshold ban its id (and IP). */
  List<PeerAction<L>> onOffence(L c, Offence offence, String detail, long nowNanos, long nowMillis) {
    if (c.isClosing()) {
      return List.of();
    }
    boolean over = reputation.penalize(c.nodeId(), offence, nowNanos);
    log.info("{} {}: {} (score {})", c, offence.description(), detail, reputation.score(c.nodeId(), nowNanos));
    if (over) {
      long until = nowMillis + limits.banSeconds() * 1000L;
      bans.banPeer(c.nodeId(), c.ip(), until, offence.name(), nowMillis);
      unsaved = true;
      log.info("banned {} (ip {}) for {} s: {}", c, c.ip(), limits.banSeconds(), offence.description());
      return List.of(new PeerAction.Ban<>(c, offence, detail, until));
    }
    if (offence == Offence.BAD_FRAME || offence == Offence.HANDSHAKE_VIOLATION) {
      // the stream is out of step: nothing after it can be read
      return List.of(new PeerAction.Disconnect<>(c, DisconnectReason.PROTOCOL_ERROR, detail));
    }
    return List.of();
  }

  /** Someone asked to dial {@code address} (the API, discovery): into the book, and dialled now if it may be. */
  Optional<PeerAction.Dial<L>> requestDial(String address, String source) {
    book.add(address, null, source, 0);
    return dial(address, true, open());
  }

  /** Dials an address unless it is connected, being dialled, ourselves, or there is no room. */
  private Optional<PeerAction.Dial<L>> dial(String address, boolean requested, Set<String> open) {
    if (stopping || (!requested && !peers.hasOutboundRoom())) {
      return Optional.empty();
    }
    return dials.begin(address, open).map(target -> new PeerAction.Dial<>(address, target));
  }

  /** A dial connected; the connection goes on to {@link #onIdentity}. */
  void dialDone(String address) {
    dials.done(address);
  }

  /** A dial failed, or reached a node that proved no identity or came as we stopped. */
  void dialFailed(String address, boolean permanent, long nowMillis) {
    dials.failed(address, permanent, nowMillis);
    unsaved = true;
  }

  /** The dial schedule, for peer exchange: addresses to share, addresses heard of, and forgetting one. */
  DialSchedule dials() {
    return dials;
  }

  /** Node ids and addresses of the peers and of the connections still in their handshake. */
  private Set<String> open() {
    Set<String> open = new HashSet<>();
    for (L c : connections()) {
      open.add(c.nodeId());
      if (c.address() != null) {
        open.add(c.address());
      }
    }
    return open;
  }

  /** Every 250 ms or so: liveness, dialling into free slots, asking for addresses, saving. */
  List<PeerAction<L>> tick(long nowNanos, long nowMillis) {
    List<PeerAction<L>> out = new ArrayList<>();
    for (L c : ready()) {
      liveness.ready(c, nowNanos).ifPresent(out::add);
    }
    for (L c : handshaking) {
      liveness.handshaking(c, nowNanos).ifPresent(out::add);
    }
    fillOutboundSlots(nowMillis, out);
    askForAddresses(nowNanos, out);
    if (unsaved) {
      unsaved = false;
      out.add(new PeerAction.Save<>());
    }
    return out;
  }

  private void fillOutboundSlots(long nowMillis, List<PeerAction<L>> out) {
    int room = peers.outboundRoom() - dials.pendingCount();
    if (room <= 0 || stopping) {
      return;
    }
    Set<String> open = open(); // handshaking too: dialling those again only makes DUPLICATEs
    for (String address : dials.due(nowMillis, room, open)) {
      dial(address, false, open).ifPresent(out::add);
    }
  }

  /** A node started with one seed ends up with many peers: asks one of them for addresses now and then. */
  private void askForAddresses(long nowNanos, List<PeerAction<L>> out) {
    List<L> ready = ready();
    if (dials.timeToAsk(nowNanos, peers.hasOutboundRoom() && !ready.isEmpty())) {
      out.add(new PeerAction.AskForAddresses<>(ready.get(random.nextInt(ready.size()))));
    }
  }

  /** Admitted peers, then those still in their handshake. */
  List<L> connections() {
    List<L> all = new ArrayList<>(peers.connections());
    all.addAll(handshaking);
    return all;
  }

  /** Admitted peers, past their handshake. */
  List<L> ready() {
    return peers.connections().stream().filter(Link::isReady).toList();
  }

  /** An admitted peer by node id. */
  Optional<L> peer(String nodeId) {
    return peers.get(nodeId).map(PeerSet.Entry::connection);
  }

  int size() {
    return peers.size();
  }

  PeerInfo info(L c, long nowNanos) {
    return new PeerInfo(c.nodeId(), c.address() != null ? c.address() : c.ip(), c.direction().label(), c.height(),
        c.totalWork(), c.connectedSince(), reputation.score(c.nodeId(), nowNanos));
  }
}
