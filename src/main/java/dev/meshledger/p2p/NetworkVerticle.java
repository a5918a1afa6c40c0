package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.bus.p2p.PeerMessages;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.Forget;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.P2pLimits;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.bus.p2p.PeerMessages.Broadcast;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.p2p.tls.TlsIdentity;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.WireCodec;
import dev.meshledger.domain.Head;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P2P network: a TLS 1.3 server and client, the handshake, the peer set, liveness, limits
 * and bans. It owns every peer connection and routes chain traffic (blocks, announces, chain
 * requests and responses) to the concerns that handle it over the address of the {@link Channel} that claims it;
 * they answer through {@link Addresses#P2P_SEND} and {@link Addresses#P2P_BROADCAST} and report
 * bad peers through {@link Addresses#P2P_PENALIZE}. {@link #onOffence} is the one place that
 * punishes a peer.
 */
public final class NetworkVerticle extends VerticleBase implements PeerConnection.Listener {
  private static final Logger log = LoggerFactory.getLogger(NetworkVerticle.class);
  /** How often liveness, back-pressure and dialling are looked at. */
  private static final long TICK_MS = 250;
  /** Peer exchange: how often to ask a peer for more addresses while slots are free. */
  private static final long PEERS_REQUEST_INTERVAL_MS = 2_000;
  /** Peer exchange: addresses given per PEERS message. */
  static final int PEERS_PER_MESSAGE = 64;

  private final NodeConfig config;
  private final P2pLimits limits;
  private final NodeKey key;
  private final Hash genesis;
  private final WireCodec codec;
  private final HandshakeRules rules;
  private final Random random = new Random();
  private final Set<PeerConnection> handshaking = new HashSet<>();
  private final Set<String> pendingDials = new HashSet<>();
  private PeerSet<PeerConnection> peers;
  private PeerStore store;
  private AddressBook book;
  private BanList bans;
  private Reputation reputation;
  private NetworkValidator validator;
  private NetServer server;
  // Kept in a field: an unreferenced Vert.x client is closed by a Cleaner (docs/architecture.md, Known traps).
  private NetClient client;
  private Head head;
  private int boundPort;
  private long tickTimer = -1;
  private long lastPeersRequestNanos = System.nanoTime();
  private boolean stopping;
  /** As the sync concern last reported it; the health check reads it through the summary. */
  private boolean syncing;

  public NetworkVerticle(NodeConfig config, NodeKey key) {
    this.config = config;
    this.limits = config.p2pLimits();
    this.key = key;
    this.genesis = Genesis.of(config.chainParams()).hash();
    this.codec = new WireCodec(config.maxBlockDataBytes());
    this.rules = new HandshakeRules(key.id(), config.chainId(), genesis, config.allowlist());
  }

  /** The P2P port actually bound. */
  public int port() {
    return boundPort;
  }

  @Override
  public Future<?> start() {
    peers = new PeerSet<>(key.id(), config.maxInbound(), config.maxOutbound(), limits.maxInboundPerIp());
    reputation = new Reputation(limits.banThreshold(), 1.0);
    book = new AddressBook(limits.reconnectBaseMs(), limits.reconnectMaxMs(), random);
    config.seeds().forEach(book::addSeed);
    store = new PeerStore(vertx, config.dataDir());
    validator = new NetworkValidator(vertx, this::readyPeers);
    registerConsumers();
    // Building the certificate and key store takes a while on a cold JVM: not on the event loop.
    return vertx.executeBlocking(() -> TlsIdentity.of(key))
        .compose(tls -> {
          createEndpoints(tls);
          return vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL);
        })
        .compose(m -> {
          head = m.body();
          return store.load();
        })
        .compose(saved -> {
          bans = saved.bans();
          book.loadJson(saved.book());
          return server.listen(config.p2pPort(), config.p2pHost());
        })
        .onSuccess(s -> {
          boundPort = s.actualPort();
          log.info("P2P listening on {}:{} (TLS 1.3), node id {}, {} seeds, {} known addresses", config.p2pHost(),
              boundPort, key.id(), config.seeds().size(), book.size());
          tickTimer = vertx.setPeriodic(TICK_MS, t -> tick());
          tick();
        });
  }

  /** Server and client with the node's certificate; both TLS 1.3 only. */
  private void createEndpoints(TlsIdentity tls) {
    server = vertx.createNetServer(tls.serverOptions(limits.handshakeTimeoutMs()));
    server.connectHandler(this::onInbound);
    client = vertx.createNetClient(tls.clientOptions(limits.handshakeTimeoutMs()));
  }

  private void registerConsumers() {
    var bus = vertx.eventBus();
    bus.localConsumer(Addresses.P2P_SUMMARY, m -> m.reply(
        new PeerSummary(peers.size(), boundPort > 0, syncing), Bus.LOCAL));
    bus.<SyncProgress>localConsumer(Addresses.SYNC_PROGRESS, m -> syncing = m.body().syncing());
    bus.localConsumer(Addresses.P2P_PEERS, m -> m.reply(new PeerList(readyPeers().stream().map(this::info).toList()),
        Bus.LOCAL));
    bus.<Dial>localConsumer(Addresses.P2P_DIAL, m -> {
      book.add(m.body().address(), null, m.body().source(), 0);
      dial(m.body().address(), true);
      m.reply(true, Bus.LOCAL);
    });
    bus.<Forget>localConsumer(Addresses.P2P_FORGET, m -> book.forget(m.body().address()));
    bus.<String>localConsumer(Addresses.P2P_DISCONNECT, m -> {
      Optional<PeerConnection> c = peers.get(m.body()).map(PeerSet.Entry::connection);
      if (c.isEmpty()) {
        m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no connected peer with node id " + m.body()));
        return;
      }
      if (c.get().address != null) {
        book.onFailed(c.get().address, System.currentTimeMillis(), false); // do not redial at once
      }
      c.get().disconnect(DisconnectReason.REQUESTED, "disconnected by the operator");
      m.reply(true, Bus.LOCAL);
    });
    bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> peers.get(m.body().peerId())
        .ifPresent(e -> e.connection().send(m.body().message())));
    bus.<Broadcast>localConsumer(Addresses.P2P_BROADCAST, m -> broadcast(m.body()));
    bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> peers.get(m.body().peerId())
        .ifPresent(e -> onOffence(e.connection(), m.body().offence(), m.body().detail())));
    bus.localConsumer(Addresses.P2P_NETWORK_VALIDATE, validator::validateAll);
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      if (m.body().becameTip()) {
        head = new Head(m.body().block().hash(), m.body().block().height(), m.body().totalWork());
      }
    });
    bus.<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> head = m.body().newHead());
  }

  private void broadcast(Broadcast b) {
    for (PeerConnection c : readyPeers()) {
      // A peer whose queue is full is skipped: it is behind anyway and will catch up by sync.
      if (!b.except().contains(c.nodeId) && !c.writeQueueFull()) {
        c.send(b.message());
      }
    }
  }

  // ---- connections ----

  private void onInbound(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    long now = System.currentTimeMillis();
    if (stopping || bans.isIpBanned(ip, now)) {
      socket.close();
      return;
    }
    Optional<String> id = certificateId(socket);
    if (id.isEmpty()) {
      log.info("inbound connection from {} closed: no Ed25519 node certificate", ip);
      socket.close();
      return;
    }
    PeerConnection c = open(socket, Direction.INBOUND, ip, null, id.get());
    long pendingFromIp = handshaking.stream().filter(h -> h != c && h.direction == Direction.INBOUND && h.ip.equals(ip)).count();
    peers.checkInboundRoom(ip, (int) pendingFromIp).ifPresent(r -> c.disconnect(r, "inbound limit reached"));
  }

  /** Dials an address unless it is connected, being dialled, ourselves, or there is no room. */
  private void dial(String address, boolean requested) {
    if (stopping || pendingDials.contains(address) || isOwnAddress(address) || connectedAddress(address)) {
      return;
    }
    if (!requested && !peers.hasOutboundRoom()) {
      return;
    }
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      book.forget(address);
      return;
    }
    pendingDials.add(address);
    log.debug("dialling {}", address);
    client.connect(port, host).onComplete(ar -> {
      pendingDials.remove(address);
      long now = System.currentTimeMillis();
      if (ar.failed()) {
        book.onFailed(address, now, false);
        store.markDirty();
        log.debug("dial {} failed: {}", address, ar.cause().getMessage());
        return;
      }
      NetSocket socket = ar.result();
      Optional<String> id = certificateId(socket);
      if (stopping || id.isEmpty()) {
        book.onFailed(address, now, true);
        socket.close();
        return;
      }
      open(socket, Direction.OUTBOUND, socket.remoteAddress().hostAddress(), address, id.get());
    });
  }

  private PeerConnection open(NetSocket socket, Direction dir, String ip, String address, String nodeId) {
    PeerConnection c = new PeerConnection(socket, dir, ip, address, nodeId, codec, limits, this, NodeMetrics.of(vertx));
    handshaking.add(c);
    c.start();
    Optional<HandshakeRules.Refusal> refusal = rules.onIdentity(nodeId, bans, System.currentTimeMillis());
    if (refusal.isPresent()) {
      log.info("refused {}: {} ({})", c, refusal.get().reason(), refusal.get().detail());
      c.disconnect(refusal.get().reason(), refusal.get().detail());
    } else {
      c.handshakeTimer = vertx.setTimer(limits.handshakeTimeoutMs(), t -> {
        if (c.state == PeerConnection.State.HANDSHAKE) {
          c.disconnect(DisconnectReason.TIMEOUT, "no HELLO within " + limits.handshakeTimeoutMs() + " ms");
        }
      });
      c.send(new Hello(WireCodec.PROTOCOL, config.chainId(), genesis, key.id(), config.advertisedHost(), boundPort,
          head.height(), head.totalWork()));
    }
    return c;
  }

  private static Optional<String> certificateId(NetSocket socket) {
    try {
      var certs = socket.peerCertificates();
      return certs == null || certs.isEmpty() ? Optional.empty() : TlsIdentity.nodeIdOf(certs.get(0));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  // ---- messages ----

  @Override
  public void onMessage(PeerConnection c, Message m) {
    if (c.isClosing()) {
      return; // e.g. refused as a duplicate while the peer, not yet told, goes on talking
    }
    if (c.state == PeerConnection.State.HANDSHAKE) {
      switch (m.type()) {
        case HELLO -> onHello(c, (Hello) m);
        case DISCONNECT -> onDisconnectMessage(c, (Message.Disconnect) m);
        default -> onOffence(c, Offence.HANDSHAKE_VIOLATION, m.type() + " before HELLO");
      }
      return;
    }
    switch (m.type()) {
      case HELLO -> onOffence(c, Offence.HANDSHAKE_VIOLATION, "a second HELLO");
      case PING -> c.send(new Message.Pong(((Message.Ping) m).nonce()));
      case PONG -> { } // being heard from is all a pong is for
      case DISCONNECT -> onDisconnectMessage(c, (Message.Disconnect) m);
      case VALIDATION_REQUEST -> validator.answer(c, (Message.ValidationRequest) m, this::onOffence);
      case VALIDATION_RESPONSE -> {
        if (!validator.onResponse(c, (Message.ValidationResponse) m)) {
          onOffence(c, Offence.UNSOLICITED, "VALIDATION_RESPONSE nobody asked for");
        }
      }
      case PEERS_REQUEST -> c.send(new Message.Peers(book.sampleGood(PEERS_PER_MESSAGE).stream()
          .filter(e -> !e.nodeId().equals(c.nodeId))
          .map(e -> PeerExchange.toWire(e))
          .toList()));
      case PEERS -> PeerExchange.accept(c, (Message.Peers) m, book, key.id(), this::isOwnAddress, this::onOffence);
      case BLOCK -> {
        noteHeight(c, ((Message.BlockMessage) m).block().height(), 0);
        route(c, m);
      }
      case BLOCK_ANNOUNCE -> {
        Message.BlockAnnounce a = (Message.BlockAnnounce) m;
        noteHeight(c, a.height(), a.totalWork());
        route(c, m);
      }
      case CHAIN_REQUEST, CHAIN_RESPONSE -> route(c, m);
    }
  }

  private void noteHeight(PeerConnection c, long height, long totalWork) {
    c.height = Math.max(c.height, height);
    c.totalWork = Math.max(c.totalWork, totalWork);
  }

  private void route(PeerConnection c, Message m) {
    vertx.eventBus().send(Channel.of(m.type()).address(), new Inbound(c.nodeId, m, System.currentTimeMillis()), Bus.LOCAL);
  }

  private void onHello(PeerConnection c, Hello h) {
    Optional<HandshakeRules.Refusal> refusal = rules.onHello(h, c.nodeId);
    if (refusal.isPresent()) {
      log.info("handshake with {} refused: {} ({})", c, refusal.get().reason(), refusal.get().detail());
      c.disconnect(refusal.get().reason(), refusal.get().detail());
      return;
    }
    c.hello = h;
    c.height = h.height();
    c.totalWork = h.totalWork();
    if (c.direction == Direction.INBOUND && h.listenPort() > 0) {
      c.address = h.host() + ":" + h.listenPort();
    }
    PeerSet.Admission<PeerConnection> a = peers.admit(new PeerSet.Entry<>(c.nodeId, c.direction, c.ip, c));
    if (!a.admitted()) {
      log.info("{} not admitted: {}", c, a.refusal());
      c.disconnect(a.refusal(), a.refusal().text());
      return;
    }
    vertx.cancelTimer(c.handshakeTimer);
    handshaking.remove(c);
    c.state = PeerConnection.State.READY;
    c.connectedSince = System.currentTimeMillis();
    if (a.replaced() != null) {
      a.replaced().connection().disconnect(DisconnectReason.DUPLICATE, "replaced by the connection the smaller node id dialled");
    }
    if (c.address != null) {
      book.onConnected(c.address, c.nodeId, c.connectedSince);
      store.markDirty();
    }
    log.info("peer connected: {} {} at {} (height {})", c.shortId(), c.direction.label(), c.address, c.height);
    vertx.eventBus().publish(Addresses.P2P_PEER_CONNECTED, info(c), Bus.LOCAL);
    c.send(new Message.PeersRequest());
  }

  private void onDisconnectMessage(PeerConnection c, Message.Disconnect d) {
    log.info("{} disconnected us: {} ({})", c, d.reason(), d.detail());
    if (d.reason().permanent() && c.address != null) {
      book.onFailed(c.address, System.currentTimeMillis(), true);
    }
    c.abort(d.reason());
  }

  /** The one place a peer is punished: score it, and past the threshold ban its id (and IP). */
  @Override
  public void onOffence(PeerConnection c, Offence offence, String detail) {
    if (c.isClosing()) {
      return;
    }
    long now = System.nanoTime();
    boolean over = reputation.penalize(c.nodeId, offence, now);
    log.info("{} {}: {} (score {})", c, offence.description(), detail, reputation.score(c.nodeId, now));
    if (over) {
      ban(c, offence, detail);
    } else if (offence == Offence.BAD_FRAME || offence == Offence.HANDSHAKE_VIOLATION) {
      c.disconnect(DisconnectReason.PROTOCOL_ERROR, detail); // the stream is out of step: nothing after it can be read
    }
  }

  private void ban(PeerConnection c, Offence offence, String detail) {
    long until = System.currentTimeMillis() + limits.banSeconds() * 1000L;
    bans.banId(c.nodeId, until);
    // Loopback is shared by every local node: banning it would cut off honest peers too.
    if (!isLoopback(c.ip)) {
      bans.banIp(c.ip, until);
    }
    store.markDirty();
    log.info("banned {} (ip {}) for {} s: {}", c, c.ip, limits.banSeconds(), offence.description());
    vertx.eventBus().publish(Addresses.P2P_PEER_BANNED, new PeerBanned(c.nodeId, c.ip, offence.name(), until), Bus.LOCAL);
    c.disconnect(DisconnectReason.BANNED, offence.description() + ": " + detail);
  }

  @Override
  public void onClosed(PeerConnection c) {
    handshaking.remove(c);
    if (c.handshakeTimer >= 0) {
      vertx.cancelTimer(c.handshakeTimer);
    }
    DisconnectReason reason = c.closeReason != null ? c.closeReason : DisconnectReason.UNKNOWN;
    if (!peers.remove(c.nodeId, c)) {
      if (c.direction == Direction.OUTBOUND && c.address != null && reason != DisconnectReason.DUPLICATE) {
        book.onFailed(c.address, System.currentTimeMillis(), reason.permanent());
      }
      return;
    }
    validator.onPeerGone(c.nodeId);
    if (c.address != null) {
      book.onDisconnected(c.address, System.currentTimeMillis());
    }
    String why = reason == DisconnectReason.UNKNOWN ? "connection closed" : reason.name();
    log.info("peer disconnected: {} {} at {}: {}", c.shortId(), c.direction.label(), c.address, why);
    vertx.eventBus().publish(Addresses.P2P_PEER_DISCONNECTED,
        new PeerDisconnected(c.nodeId, c.address, c.direction.label(), why), Bus.LOCAL);
  }

  // ---- housekeeping ----

  private void tick() {
    long nanos = System.nanoTime();
    for (PeerConnection c : readyPeers()) {
      if (nanos - c.lastReceivedNanos > TimeUnit.MILLISECONDS.toNanos(limits.pingTimeoutMs())) {
        c.disconnect(DisconnectReason.TIMEOUT, "silent for " + limits.pingTimeoutMs() + " ms");
      } else if (c.pausedSinceNanos != 0 && nanos - c.pausedSinceNanos > TimeUnit.MILLISECONDS.toNanos(limits.slowPeerTimeoutMs())) {
        log.info("{} has not drained its queue in {} ms", c, limits.slowPeerTimeoutMs());
        c.abort(DisconnectReason.SLOW_READER);
      } else if (nanos - Math.min(c.lastSentNanos, c.lastReceivedNanos) > TimeUnit.MILLISECONDS.toNanos(limits.pingIntervalMs())) {
        c.send(new Message.Ping(random.nextLong()));
      }
    }
    fillOutboundSlots();
    askForAddresses(nanos);
    store.saveIfDirty(book, bans);
  }

  /**
   * While outbound slots are free and the book has nothing left to dial, ask one random peer
   * for addresses now and then: a node started with one seed ends up with many peers.
   */
  private void askForAddresses(long nanos) {
    if (nanos - lastPeersRequestNanos < TimeUnit.MILLISECONDS.toNanos(PEERS_REQUEST_INTERVAL_MS)
        || !peers.hasOutboundRoom() || !pendingDials.isEmpty()) {
      return;
    }
    List<PeerConnection> ready = readyPeers();
    if (!ready.isEmpty()) {
      lastPeersRequestNanos = nanos;
      ready.get(random.nextInt(ready.size())).send(new Message.PeersRequest());
    }
  }

  private void fillOutboundSlots() {
    int room = config.maxOutbound() - peers.count(Direction.OUTBOUND) - pendingDials.size();
    if (room <= 0 || stopping) {
      return;
    }
    Set<String> skip = new HashSet<>(pendingDials);
    for (PeerSet.Entry<PeerConnection> e : peers.all()) {
      skip.add(e.nodeId());
      if (e.connection().address != null) {
        skip.add(e.connection().address);
      }
    }
    // Connections still in their handshake too: dialling those again only makes DUPLICATEs.
    for (PeerConnection c : handshaking) {
      skip.add(c.nodeId);
      if (c.address != null) {
        skip.add(c.address);
      }
    }
    skip.add(key.id());
    for (String address : book.candidates(System.currentTimeMillis(), room, skip)) {
      dial(address, false);
    }
  }

  boolean isOwnAddress(String address) {
    return address.equals(config.advertisedHost() + ":" + boundPort) || address.equals(config.p2pHost() + ":" + boundPort);
  }

  /** Connected, or still in its handshake. */
  private boolean connectedAddress(String address) {
    for (PeerSet.Entry<PeerConnection> e : peers.all()) {
      if (address.equals(e.connection().address)) {
        return true;
      }
    }
    for (PeerConnection c : handshaking) {
      if (address.equals(c.address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
  }

  List<PeerConnection> readyPeers() {
    List<PeerConnection> out = new ArrayList<>();
    for (PeerConnection c : peers.connections()) {
      if (c.state == PeerConnection.State.READY) {
        out.add(c);
      }
    }
    return out;
  }

  private PeerInfo info(PeerConnection c) {
    return new PeerInfo(c.nodeId, c.address != null ? c.address : c.ip, c.direction.label(), c.height, c.totalWork,
        c.connectedSince, reputation.score(c.nodeId, System.nanoTime()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    for (PeerConnection c : peers.connections()) {
      c.disconnect(DisconnectReason.SHUTTING_DOWN, "bye");
    }
    for (PeerConnection c : List.copyOf(handshaking)) {
      c.disconnect(DisconnectReason.SHUTTING_DOWN, "bye");
    }
    store.markDirty();
    return store.saveIfDirty(book, bans)
        .eventually(() -> server != null ? server.close() : Future.succeededFuture())
        .eventually(() -> client != null ? client.close() : Future.succeededFuture());
  }
}
