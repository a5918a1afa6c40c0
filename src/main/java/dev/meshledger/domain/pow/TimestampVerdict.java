package dev.meshledger.domain.pow;

/** Whether a block's timestamp is acceptable, and if not, why. */
public enum TimestampVerdict {
  OK("within the median time past and the future limit"),
  TIME_TOO_OLD("its timestamp is not above the median time past of its parent"),
  TIME_TOO_NEW("its timestamp is further ahead of our clock than the future limit");

  private final String meaning;

  TimestampVerdict(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
