package dev.meshledger.p2p.discovery;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.NodeIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery through the Hazelcast cluster ({@code -cluster}): announces this node's P2P endpoint in
 * a cluster-wide map keyed by member id, asks the network layer to dial every other member's
 * endpoint (at start and as they announce themselves) and to forget a member that leaves. Only
 * discovery travels through the cluster; blocks always go over the P2P protocol.
 */
public final class ClusterDiscoveryVerticle extends VerticleBase {
  /** The cluster-wide map: Hazelcast member UUID -> {@link Announcement} JSON. */
  public static final String MAP = "meshledger.p2p-endpoints";
  public static final String SOURCE = "cluster";
  private static final Logger log = LoggerFactory.getLogger(ClusterDiscoveryVerticle.class);

  private final String nodeId;
  private final String endpoint;
  /** Other members' announcements that were dialled; touched on this verticle's context only. */
  private final Map<String, Announcement> known = new HashMap<>();
  /** Announcements of members this node does not see yet (the member list may lag the map). */
  private final Map<String, String> pending = new HashMap<>();
  private HazelcastInstance hazelcast;
  private NetworkClient network;
  private IMap<String, String> endpoints;
  private String self;
  private UUID membershipRegistration;
  private UUID entryRegistration;

  /** @param endpoint this node's {@code host:port} for peers; null announces nothing (port 0) */
  public ClusterDiscoveryVerticle(String nodeId, String endpoint) {
    this.nodeId = nodeId;
    this.endpoint = endpoint;
  }

  /**
   * The advertised P2P address from the config. The port is the configured one: a node that binds
   * port 0 has no fixed endpoint to announce, so it gets null.
   */
  public static String endpoint(NodeConfig config) {
    return config.p2pPort() == 0 ? null : Announcement.address(config.advertisedHost(), config.p2pPort());
  }

  @Override
  public Future<?> start() {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) {
      return Future.failedFuture("cluster discovery needs a Vertx clustered with Hazelcast (-cluster)");
    }
    hazelcast = manager.getHazelcastInstance();
    network = new NetworkClient(vertx);
    self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    endpoints = hazelcast.getMap(MAP);
    return vertx.executeBlocking(() -> {
      // registering listeners and reading the map are remote calls: off the event loop
      membershipRegistration = hazelcast.getCluster().addMembershipListener(new Members());
      entryRegistration = endpoints.addEntryListener(new Entries(), true);
      if (endpoint == null) {
        log.warn("p2p.port is 0: this node's endpoint is not announced to the cluster");
      } else {
        endpoints.put(self, new Announcement(nodeId, endpoint).encode());
      }
      return Map.copyOf(endpoints);
    }).map(current -> {
      current.forEach(this::announced);
      Set<String> members = hazelcast.getCluster().getMembers().stream()
          .map(m -> m.getUuid().toString()).collect(Collectors.toSet());
      log.info("cluster discovery: member {} announced {}; {} other member(s) found: {}", self,
          endpoint == null ? "nothing" : endpoint, members.size() - 1,
          known.values().stream().map(a -> NodeIds.shortId(a.nodeId()) + "@" + a.address()).toList());
      return null;
    });
  }

  /** An entry of the map, from the start-up read or a listener; dials it once. */
  private void announced(String member, String json) {
    if (member.equals(self)) {
      return;
    }
    if (!isMember(member)) {
      pending.put(member, json); // left over from a member that is gone, or one we will see join
      return;
    }
    Announcement a = Announcement.decode(json);
    if (a == null) {
      log.warn("cluster member {} announced something unreadable: {}", member, json);
      return;
    }
    Announcement before = known.put(member, a);
    if (a.equals(before)) {
      return;
    }
    if (before != null) {
      forget(member, before);
    }
    log.info("cluster member {} is node {} at {}: dialling", member, NodeIds.shortId(a.nodeId()), a.address());
    network.dialLater(a.address(), SOURCE);
  }

  private void joined(String member, int members) {
    log.info("cluster member {} joined ({} members)", member, members);
    String json = pending.remove(member);
    if (json != null) {
      announced(member, json);
    }
  }

  private void left(String member) {
    pending.remove(member);
    Announcement a = known.remove(member);
    if (a != null) {
      log.info("cluster member {} (node {} at {}) left: forgetting it", member, NodeIds.shortId(a.nodeId()), a.address());
      forget(member, a);
    } else {
      log.info("cluster member {} left", member);
    }
    endpoints.removeAsync(member); // every member cleans up; the first one wins
  }

  private void forget(String member, Announcement a) {
    network.forget(a.address(), SOURCE);
  }

  private boolean isMember(String member) {
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.getUuid().toString().equals(member)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      if (hazelcast.getLifecycleService().isRunning()) {
        hazelcast.getCluster().removeMembershipListener(membershipRegistration);
        endpoints.removeEntryListener(entryRegistration);
        endpoints.remove(self);
      }
      return null;
    });
  }

  /** Hazelcast calls these on its own threads: hop onto the verticle's context. */
  private final class Members implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      String member = event.getMember().getUuid().toString();
      int members = event.getMembers().size();
      context.runOnContext(v -> joined(member, members));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String member = event.getMember().getUuid().toString();
      context.runOnContext(v -> left(member));
    }
  }

  private final class Entries implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      context.runOnContext(v -> announced(event.getKey(), event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      context.runOnContext(v -> announced(event.getKey(), event.getValue()));
    }
  }
}
