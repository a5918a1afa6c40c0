package dev.meshledger.sync;

import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.WireCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving side's rules: how many CHAIN_REQUESTs one peer may have us serve at once, which
 * many blocks a request gets, and how much of it one frame carries. Pure.
 */
final class ServeRules {
  /** CHAIN_REQUESTs a peer may have us serve at once: a syncing peer keeps a few in flight; more is a flood. */
  static final int MAX_SERVING_PER_PEER = 8;
  /** Room kept in a frame for the frame header and the response's own fields (id, height, count). */
  static final int RESPONSE_OVERHEAD_BYTES = 1024;

  private final long maxFrameBytes;
  private final Map<String, Integer> serving = new HashMap<>();

  ServeRules(long maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Starts serving one request of {@code peerId}; false, and nothing counted, when it has all it may. */
  boolean begin(String peerId) {
    int now = serving.getOrDefault(peerId, 0);
    if (now >= MAX_SERVING_PER_PEER) {
      return false;
    }
    serving.put(peerId, now + 1);
    return true;
  }

  /** One request of {@code peerId} was answered (or given up on). */
  void end(String peerId) {
    serving.computeIfPresent(peerId, (k, v) -> v > 1 ? v - 1 : null);
  }

  /** The peer left: requests still being read no longer count against it when it comes back. */
  void forget(String peerId) {
    serving.remove(peerId);
  }

  int serving(String peerId) {
    return serving.getOrDefault(peerId, 0);
  }

  /** How many blocks a request gets at most: what it asks for, never more than a response may carry. */
  static int count(ChainRequest r) {
    return Math.min(r.maxCount(), WireCodec.MAX_BLOCKS_PER_RESPONSE);
  }

  /** The longest prefix of {@code blocks} (each as stored, see {@code BlockCodec.encode}) that fits one frame, with its overhead. */
  List<byte[]> fit(List<byte[]> blocks) {
    long budget = maxFrameBytes - RESPONSE_OVERHEAD_BYTES;
    for (int i = 0; i < blocks.size(); i++) {
      budget -= blocks.get(i).length;
      if (budget < 0) {
        return blocks.subList(0, i);
      }
    }
    return blocks;
  }
}
