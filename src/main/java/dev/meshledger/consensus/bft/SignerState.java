package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last thing this validator signed, as CometBFT's priv_validator_state.json: the reactor writes it to
 * disk before it signs, so after a crash the node can never sign a second, different message for the same
 * height/round/step, nor anything older (the double-sign that gets a validator slashed).
 */
public record SignerState(long height, int round, Step step, Optional<Hash> block) {
  /** CometBFT's sign steps, in order within a round; NONE before anything was signed. */
  public enum Step { NONE, PROPOSE, PREVOTE, PRECOMMIT }

  /** What the guard says about a message to sign. */
  public enum Verdict {
    /** Newer than anything signed: sign, after persisting {@link #after}. */
    SIGN,
    /** The very message signed last: signing it again gives nothing new away. */
    SAME,
    /** Below the last signed height/round/step. */
    REGRESSION,
    /** Same height/round/step as the last signed, a different block: a double sign. */
    CONFLICT
  }

  public static final SignerState INITIAL = new SignerState(0, 0, Step.NONE, Optional.empty());

  /** The canonical form, the only one {@link #parse} accepts (a hand-edited or torn file is refused). */
  private static final Pattern FORM = Pattern.compile(
      "\\{\"height\":\"(0|[1-9][0-9]{0,18})\",\"round\":(0|[1-9][0-9]{0,9}),\"step\":([0-3]),\"block\":\"((?:[0-9a-f]{64})?)\"}");

  public SignerState {
    if (height < 0 || round < 0 || step == null || block == null) {
      throw new IllegalArgumentException("a signer state has height >= 0, round >= 0, a step and a block or nil");
    }
  }

  /** May this validator sign {@code block} (empty = nil) at height/round/step? */
  public Verdict mayVote(long h, int r, Step s, Optional<Hash> b) {
    int c = compare(h, r, s);
    if (c < 0) {
      return Verdict.REGRESSION;
    }
    if (c > 0) {
      return Verdict.SIGN;
    }
    return block.equals(b) ? Verdict.SAME : Verdict.CONFLICT;
  }

  private int compare(long h, int r, Step s) {
    if (h != height) {
      return Long.compare(h, height);
    }
    if (r != round) {
      return Integer.compare(r, round);
    }
    return s.compareTo(step);
  }

  /** The state to persist before signing {@code block} at height/round/step. */
  public static SignerState after(long h, int r, Step s, Optional<Hash> b) {
    return new SignerState(h, r, s, b);
  }

  /** One line of JSON; the height is a string, as CometBFT writes int64 values. */
  public String toJson() {
    return "{\"height\":\"" + height + "\",\"round\":" + round + ",\"step\":" + step.ordinal() + ",\"block\":\""
        + block.map(Hash::toHex).orElse("") + "\"}";
  }

  public byte[] toBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses exactly the canonical form of {@link #toJson}; anything else is refused. */
  public static SignerState parse(String json) {
    Matcher m = FORM.matcher(json == null ? "" : json.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a signer state: " + json);
    }
    try {
      long h = Long.parseLong(m.group(1));
      int r = Integer.parseInt(m.group(2));
      Step s = Step.values()[Integer.parseInt(m.group(3))];
      Optional<Hash> b = m.group(4).isEmpty() ? Optional.empty() : Optional.of(Hash.fromHex(m.group(4)));
      if (s == Step.NONE && (h != 0 || r != 0 || b.isPresent())) {
        throw new IllegalArgumentException("step 0 is only the initial state: " + json);
      }
      return new SignerState(h, r, s, b);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a number out of range in the signer state: " + json, e);
    }
  }

  public static SignerState parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }
}
