package dev.meshledger.storage;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One atomic write: new blocks with their index entries and state tree nodes, best-chain height
 * changes (a null hash removes the height, as after a reorg to a shorter but heavier branch)
 * and the new head. A block's transfers are indexed by id as it is added.
 */
public final class StoreBatch {
  private final List<Block> blocks = new ArrayList<>();
  private final List<BlockMeta> metas = new ArrayList<>();
  private final Map<Long, Hash> heights = new TreeMap<>();
  private final Map<Hash, NodeStore.Node> stateNodes = new HashMap<>();
  private final List<SideBlock> sideAdded = new ArrayList<>();
  private final List<SideBlock> sideRemoved = new ArrayList<>();
  private final List<Block> deleted = new ArrayList<>();
  private Head head;

  public void addBlock(Block block, BlockMeta meta) {
    blocks.add(block);
    metas.add(meta);
  }

  public void putStateNode(Hash hash, NodeStore.Node node) {
    stateNodes.put(hash, node);
  }

  public Map<Hash, NodeStore.Node> stateNodes() {
    return Collections.unmodifiableMap(stateNodes);
  }

  /** The block left the best chain, or arrived off it. */
  public void addSide(SideBlock b) {
    sideAdded.add(b);
  }

  /** The block joined the best chain, or is deleted. */
  public void removeSide(SideBlock b) {
    sideRemoved.add(b);
  }

  /** Deletes a stored block, its index entry and its transfers' index entries (not its state nodes). */
  public void deleteBlock(Block b) {
    deleted.add(b);
  }

  public List<SideBlock> sideAdded() {
    return Collections.unmodifiableList(sideAdded);
  }

  public List<SideBlock> sideRemoved() {
    return Collections.unmodifiableList(sideRemoved);
  }

  public List<Block> deleted() {
    return Collections.unmodifiableList(deleted);
  }

  public void setHeight(long height, Hash hashOrNull) {
    heights.put(height, hashOrNull);
  }

  public void setHead(Head head) {
    this.head = head;
  }

  public List<Block> blocks() {
    return Collections.unmodifiableList(blocks);
  }

  public List<BlockMeta> metas() {
    return Collections.unmodifiableList(metas);
  }

  public Map<Long, Hash> heights() {
    return Collections.unmodifiableMap(heights);
  }

  public Head head() {
    return head;
  }

  public boolean isEmpty() {
    return blocks.isEmpty() && heights.isEmpty() && head == null && stateNodes.isEmpty() && sideAdded.isEmpty()
        && sideRemoved.isEmpty() && deleted.isEmpty();
  }
}
