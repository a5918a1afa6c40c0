package dev.meshledger.sync;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a look-ahead past the headers window learnt about the way to the assume-valid block
 * ({@code sync.assumeValid}): headers are held at most {@code sync.maxHeaders} ahead, so from further back
 * the assumed block's header is never among them, and every signature would be checked. A look-ahead reads
 * the headers on to the assumed block, each linked to the one before (and checked by the header rules), and
 * keeps only the start and a hash every hundredth of a window: ~100 KB for a million blocks past a window of 100,000. Once it reaches the
 * assumed block, each kept hash names an ancestor of it (a hash chain cannot be forged), so a later window
 * that passes through one is assumed valid up to there. Kept across sync rounds by the sync verticle. Pure.
 */
final class AssumeValidPath {
  /** Heights between two kept hashes: a hundredth of {@code sync.maxHeaders}, so a window passes through ~100. */
  private final int stride;
  private final Hash target;
  private final TreeMap<Long, Hash> marks = new TreeMap<>();
  /** Marks of the look-ahead still running: they count only once it reaches the target. */
  private final TreeMap<Long, Hash> reading = new TreeMap<>();
  private long targetHeight = -1;

  AssumeValidPath(Hash target, int maxHeaders) {
    this.target = target;
    this.stride = Math.max(1, maxHeaders / 100);
  }

  Hash target() {
    return target;
  }

  /** A look-ahead starts just past {@code hash} at {@code height} (the end of the window it looks past). */
  void start(long height, Hash hash) {
    reading.clear();
    reading.put(height, hash);
  }

  /**
   * Headers that follow, linked one to the next and to what came before them in this look-ahead (the
   * caller checked that). True when the target is among them: the look-ahead is over.
   */
  boolean read(List<Header> linked) {
    for (Header h : linked) {
      if (h.height() % stride == 0) {
        reading.put(h.height(), h.hash());
      }
      if (h.hash().equals(target)) {
        reading.put(h.height(), h.hash());
        marks.putAll(reading);
        reading.clear();
        targetHeight = h.height();
        return true;
      }
    }
    return false;
  }

  boolean found() {
    return targetHeight >= 0;
  }

  /** The highest height of {@code branch} known to be an ancestor of the target (or the target); -1 if none. */
  long ancestorHeight(HeaderChain branch) {
    for (Map.Entry<Long, Hash> m : marks.descendingMap().entrySet()) {
      if (m.getValue().equals(branch.hashAt(m.getKey()))) {
        return m.getKey();
      }
    }
    return -1;
  }
}
