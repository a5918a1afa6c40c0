package dev.meshledger.testnet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads every node's whole chain at the end, and judges it with {@link Verdict}. */
final class Verifier {
  private final Cluster cluster;
  private final NodeHttp http;

  Verifier(Cluster cluster, NodeHttp http) {
    this.cluster = cluster;
    this.http = http;
  }

  /**
   * Node i's best chain up to height {@code cap} (its tip and state root are those of the block
   * at {@code cap}: the nodes go on making blocks, so they are compared at a common height); an
   * empty, invalid one when the node does not answer.
   */
  Verdict.Chain read(int i, Set<String> dataHashesSeen, long cap) {
    String base = cluster.nodes().get(i).url();
    NodeHttp.Reply status = http.get(base, "/api/status", Duration.ofSeconds(5));
    if (status.status() != 200) {
      return new Verdict.Chain(Map.of(), Set.of(), null, null, false);
    }
    long height = Math.min(cap, status.json().getLong("height"));
    Map<Long, String> hashes = new HashMap<>();
    Set<String> transfers = new HashSet<>();
    String tip = null;
    String stateRoot = null;
    for (long from = 0; from <= height; from += 1000) {
      NodeHttp.Reply r = http.get(base, "/api/blocks?from=" + from + "&limit=1000", Duration.ofSeconds(30));
      if (r.status() != 200) {
        return new Verdict.Chain(Map.of(), Set.of(), null, null, false);
      }
      JsonArray blocks = r.json().getJsonArray("blocks");
      for (int b = 0; b < blocks.size(); b++) {
        JsonObject block = blocks.getJsonObject(b);
        if (block.getLong("height") > height) {
          break;
        }
        hashes.put(block.getLong("height"), block.getString("hash"));
        tip = block.getString("hash");
        stateRoot = block.getString("stateRoot");
        if (dataHashesSeen != null) {
          dataHashesSeen.add(block.getString("dataHash"));
        }
        JsonArray txs = block.getJsonArray("transactions", new JsonArray());
        for (int t = 0; t < txs.size(); t++) {
          transfers.add(txs.getJsonObject(t).getString("id"));
        }
      }
    }
    NodeHttp.Reply audit = http.get(base, "/api/chain/validate", Duration.ofSeconds(60));
    boolean valid = audit.status() == 200 && audit.json().getBoolean("valid", false);
    return new Verdict.Chain(hashes, transfers, tip, stateRoot, valid);
  }

  /** Every node's chain up to {@code cap}; the data hashes on node 1's chain go into {@code dataHashesSeen}. */
  List<Verdict.Chain> readAll(Set<String> dataHashesSeen, long cap) {
    List<Verdict.Chain> chains = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      chains.add(read(i, i == 0 ? dataHashesSeen : null, cap));
    }
    return chains;
  }
}
