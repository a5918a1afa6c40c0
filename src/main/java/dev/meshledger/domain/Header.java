package dev.meshledger.domain;

import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.ValidatorVote;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A block without its body, as headers-first sync carries it: the canonical header
 * ({@link HeaderBytes}, whose SHA-256 is the block hash) and, under BFT, the commit that made the
 * block final (not part of the hash, but what proves a BFT branch as work proves a proof-of-work
 * one). The fields the header rules read are kept beside the raw bytes.
 *
 * @param bytes the {@link HeaderBytes#HEADER_SIZE} header bytes (shared, never modify)
 */
public record Header(long height, Hash prevHash, long timestamp, int bits, byte[] producer, ValidatorVote vote,
    Hash hash, byte[] bytes, Commit commit) {

  public Header {
    if (bytes.length != HeaderBytes.HEADER_SIZE) {
      throw new IllegalArgumentException("a header is " + HeaderBytes.HEADER_SIZE + " bytes, got " + bytes.length);
    }
    java.util.Objects.requireNonNull(commit, "commit");
  }

  /** The header of a block, with its commit. */
  public static Header of(Block b) {
    return new Header(b.height(), b.prevHash(), b.timestamp(), b.bits(), b.producer(), b.vote(), b.hash(),
        HeaderBytes.header(b), b.commit());
  }

  /** Whether the header commits to an evidence section (proof of stake slashes in this block). */
  public boolean carriesEvidence() {
    return (bytes[HeaderBytes.VOTE_KIND_OFFSET] & 0xff) == HeaderBytes.VOTE_EVIDENCE;
  }

  public String producerHex() {
    return HexFormat.of().formatHex(producer);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header h && hash.equals(h.hash) && Arrays.equals(bytes, h.bytes) && commit.equals(h.commit);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Header[" + height + " " + hash.shortHex() + "]";
  }
}
