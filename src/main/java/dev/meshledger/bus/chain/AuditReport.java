package dev.meshledger.bus.chain;

import dev.meshledger.domain.Hash;
import java.util.List;

/**
 * The chain's audit of itself, from genesis to the head.
 *
 * @param checked blocks verified
 * @param errors the first errors found (at most a fixed number listed; {@code valid} counts them all)
 */
public record AuditReport(boolean valid, long height, Hash tip, long checked, List<Error> errors) {
  /** One block that failed: its height and why. */
  public record Error(long height, String reason) {}
}
