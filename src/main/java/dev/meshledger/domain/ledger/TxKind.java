package dev.meshledger.domain.ledger;

/**
 * What a signed ledger transaction does; its code is the first byte of the signed encoding. Code 0 is
 * the plain transfer, so transfers signed before kinds existed keep their bytes and ids.
 */
public enum TxKind {
  /** Moves {@code amount} from {@code from} to {@code to}. */
  TRANSFER(0, "transfer"),
  /** Bonds {@code amount} of {@code from}'s tokens to the validator {@code to} (proof of stake). */
  STAKE(1, "stake"),
  /** Starts unbonding {@code amount} of {@code from}'s stake with the validator {@code to}. */
  UNSTAKE(2, "unstake");

  private final int code;
  private final String json;

  TxKind(int code, String json) {
    this.code = code;
    this.json = json;
  }

  public int code() {
    return code;
  }

  /** The name in JSON and on the command line. */
  public String json() {
    return json;
  }

  /** The kind of a code, or null for one no kind has. */
  public static TxKind ofCode(int code) {
    for (TxKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /** The kind of a JSON name, or null. */
  public static TxKind ofJson(String name) {
    for (TxKind k : values()) {
      if (k.json.equals(name)) {
        return k;
      }
    }
    return null;
  }

  /** What the sender's balance pays: an unstake moves no balance, only its fee. @throws ArithmeticException on overflow */
  public long debit(long amount, long fee) {
    return this == UNSTAKE ? fee : Math.addExact(amount, fee);
  }
}
