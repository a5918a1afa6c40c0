package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The signatures of this validator's own votes. The core counts its own vote unsigned (it is signed
 * after the guard is on disk), so a commit it decides is completed here. Used only on the signing thread,
 * after the signatures it needs were made there.
 */
final class OwnSignatures {
  private record Slot(int type, long height, int round) {}

  private final Map<Slot, byte[]> sigs = new HashMap<>();

  void put(Vote v, byte[] signature) {
    sigs.put(new Slot(v.type().ordinal(), v.height(), v.round()), signature);
  }

  /** The commit of {@code votes} (precommits of one round for one block), and what is older is forgotten. */
  Commit commit(List<Vote> votes) {
    List<CommitSig> out = new ArrayList<>(votes.size());
    long height = votes.get(0).height();
    for (Vote v : votes) {
      byte[] sig = v.signature();
      if (sig.length == 0) {
        sig = sigs.get(new Slot(v.type().ordinal(), v.height(), v.round()));
      }
      if (sig != null && sig.length == CommitSig.SIGNATURE_SIZE) {
        out.add(new CommitSig(HexFormat.of().parseHex(v.validator()), sig));
      }
    }
    sigs.keySet().removeIf(s -> s.height() <= height);
    return new Commit(votes.get(0).round(), out);
  }
}
