package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * That an account holds {@code account} (balance and nonce) in the state of a root, or is absent
 * from it. Checking needs no store: anyone who trusts a header's state root can check a balance
 * or an absence without running a node.
 *
 * <p>{@code siblings} are the hashes beside the account's path from the top down to where the
 * search ended, at depth {@code siblings.size()} (at most 256): {@code siblings.get(d)} is the
 * sibling of the path's node at depth {@code d + 1}. The search ends at one of:
 *
 * <ul>
 *   <li>the account's own leaf: presence, {@code account} is set;
 *   <li>an empty subtree: absence, neither {@code account} nor {@code other};
 *   <li>another account's leaf, which in a compact tree is the only leaf of that subtree:
 *       absence, {@code other} is that leaf's key and account. Its key must share the path so far
 *       and differ from the account's key, or the proof proves nothing. The verifier hashes the
 *       leaf itself: a bare leaf hash would let the account's own leaf pass under another key.
 * </ul>
 *
 * <p>Bytes ({@link #toBytes()}), big-endian:
 *
 * <pre>
 * kind u8            0 = present, 1 = absent at an empty subtree, 2 = absent beside another leaf
 * kind 0: balance u64 | nonce u64     (not both 0)
 * kind 2: other key 32 | balance u64 | nonce u64   (not both 0)
 * count u16          number of siblings, at most 256
 * siblings           count * 32 bytes, top first
 * </pre>
 */
public record AccountProof(Optional<Account> account, List<Hash> siblings, Optional<OtherLeaf> other) {
  private static final int PRESENT = 0;
  private static final int EMPTY = 1;
  private static final int BESIDE = 2;
  private static final HexFormat HEX = HexFormat.of();

  /** The leaf another account holds where the search for this one ended: its key and state. */
  public record OtherLeaf(Hash key, Account account) {
    /** @throws IllegalArgumentException for the empty account, which has no leaf */
    public OtherLeaf {
      Objects.requireNonNull(key);
      if (account.equals(Account.ZERO)) {
        throw new IllegalArgumentException("an empty account has no leaf");
      }
    }

    Hash leafHash() {
      return SmtHashing.leaf(key, account);
    }
  }

  /**
   * @throws IllegalArgumentException with more than 256 siblings, or both an account and another leaf
   */
  public AccountProof {
    account = account.filter(a -> !a.equals(Account.ZERO));
    siblings = List.copyOf(siblings);
    Objects.requireNonNull(other);
    if (siblings.size() > SmtHashing.DEPTH) {
      throw new IllegalArgumentException("a proof has at most " + SmtHashing.DEPTH + " siblings, got " + siblings.size());
    }
    if (account.isPresent() && other.isPresent()) {
      throw new IllegalArgumentException("a proof of presence ends at the account's leaf, not another");
    }
  }

  static AccountProof present(Account account, List<Hash> siblings) {
    return new AccountProof(Optional.of(account), siblings, Optional.empty());
  }

  static AccountProof absent(List<Hash> siblings) {
    return new AccountProof(Optional.empty(), siblings, Optional.empty());
  }

  static AccountProof absentBeside(Hash otherKey, Account otherAccount, List<Hash> siblings) {
    return new AccountProof(Optional.empty(), siblings, Optional.of(new OtherLeaf(otherKey, otherAccount)));
  }

  /** True when {@code id} holds {@link #account} (or is absent, if empty) in the state of {@code root}. */
  public boolean verify(Hash root, AccountId id) {
    Objects.requireNonNull(root);
    Hash key = SmtHashing.key(id);
    return provesSomethingFor(key) && root.equals(fold(key));
  }

  /**
   * The root this proof leads to for {@code id}.
   *
   * @throws IllegalArgumentException if the other leaf is {@code id}'s own or off its path
   */
  public Hash rootFor(AccountId id) {
    Hash key = SmtHashing.key(id);
    if (!provesSomethingFor(key)) {
      throw new IllegalArgumentException("the other leaf of this proof is not beside the path of " + id);
    }
    return fold(key);
  }

  /** An absence beside a leaf proves nothing if that leaf is the account's own or off its path. */
  private boolean provesSomethingFor(Hash key) {
    if (other.isEmpty()) {
      return true;
    }
    Hash otherKey = other.get().key();
    return !otherKey.equals(key) && SmtHashing.commonPrefix(otherKey.toBytes(), key.toBytes()) >= siblings.size();
  }

  private Hash fold(Hash key) {
    byte[] path = key.toBytes();
    Hash node = account.map(a -> SmtHashing.leaf(key, a))
        .orElse(other.map(OtherLeaf::leafHash).orElse(SmtHashing.EMPTY));
    for (int depth = siblings.size() - 1; depth >= 0; depth--) {
      Hash sibling = siblings.get(depth);
      node = SmtHashing.bit(path, depth) ? SmtHashing.inner(sibling, node) : SmtHashing.inner(node, sibling);
    }
    return node;
  }

  /** The bytes of this proof, laid out as in the class comment. */
  public byte[] toBytes() {
    int head = 1 + (account.isPresent() ? 16 : 0) + (other.isPresent() ? Hash.SIZE + 16 : 0);
    ByteBuffer b = ByteBuffer.allocate(head + 2 + siblings.size() * Hash.SIZE);
    if (account.isPresent()) {
      b.put((byte) PRESENT).putLong(account.get().balance()).putLong(account.get().nonce());
    } else if (other.isPresent()) {
      b.put((byte) BESIDE);
      other.get().key().writeTo(b);
      b.putLong(other.get().account().balance()).putLong(other.get().account().nonce());
    } else {
      b.put((byte) EMPTY);
    }
    b.putShort((short) siblings.size());
    siblings.forEach(s -> s.writeTo(b));
    return b.array();
  }

  /**
   * The proof of {@link #toBytes()}.
   *
   * @throws IllegalArgumentException unless {@code bytes} is exactly one well-formed proof
   */
  public static AccountProof fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      int kind = b.get();
      Optional<Account> account = Optional.empty();
      Optional<OtherLeaf> other = Optional.empty();
      if (kind == PRESENT) {
        account = Optional.of(leafAccount(b));
      } else if (kind == BESIDE) {
        other = Optional.of(new OtherLeaf(hash(b), leafAccount(b)));
      } else if (kind != EMPTY) {
        throw new IllegalArgumentException("unknown proof kind " + kind);
      }
      int count = Short.toUnsignedInt(b.getShort());
      if (count > SmtHashing.DEPTH) {
        throw new IllegalArgumentException("a proof has at most " + SmtHashing.DEPTH + " siblings, got " + count);
      }
      List<Hash> siblings = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        siblings.add(hash(b));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the proof");
      }
      return new AccountProof(account, siblings, other);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("a truncated proof", e);
    }
  }

  /** {@link #toBytes()} in lower-case hex. */
  public String toHex() {
    return HEX.formatHex(toBytes());
  }

  /**
   * The proof of {@link #toHex()}.
   *
   * @throws IllegalArgumentException unless {@code hex} is the hex of exactly one well-formed proof
   */
  public static AccountProof fromHex(String hex) {
    return fromBytes(HEX.parseHex(hex));
  }

  private static Account leafAccount(ByteBuffer b) {
    Account a = new Account(b.getLong(), b.getLong());
    if (a.equals(Account.ZERO)) {
      throw new IllegalArgumentException("a proof with a leaf of the empty account");
    }
    return a;
  }

  private static Hash hash(ByteBuffer b) {
    byte[] h = new byte[Hash.SIZE];
    b.get(h);
    return Hash.wrap(h);
  }
}
