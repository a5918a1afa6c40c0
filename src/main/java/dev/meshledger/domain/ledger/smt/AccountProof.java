package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * That an account holds {@code account} (balance and nonce) in the state of a root, or is absent
 * from it (empty, which is the same as an empty account). {@code siblings} are the 256 hashes
 * beside the account's path, from the top: {@code siblings.get(d)} is the sibling of the node at
 * depth {@code d + 1}. Checking needs no store: anyone who trusts a header's state root can check
 * a balance or an absence without running a node.
 */
public record AccountProof(Optional<Account> account, List<Hash> siblings) {
  public AccountProof {
    account = account.filter(a -> !a.equals(Account.ZERO));
    siblings = List.copyOf(siblings);
    if (siblings.size() != SmtHashing.DEPTH) {
      throw new IllegalArgumentException("a proof has " + SmtHashing.DEPTH + " siblings, got " + siblings.size());
    }
  }

  /** True when {@code id} holds {@link #account} (or is absent, if empty) in the state of {@code root}. */
  public boolean verify(Hash root, AccountId id) {
    return Objects.requireNonNull(root).equals(rootFor(id));
  }

  /** The root this proof leads to for {@code id}. */
  public Hash rootFor(AccountId id) {
    Hash key = SmtHashing.key(id);
    byte[] path = key.toBytes();
    Hash node = SmtHashing.leaf(key, account.orElse(null));
    for (int depth = SmtHashing.DEPTH - 1; depth >= 0; depth--) {
      Hash sibling = siblings.get(depth);
      node = SmtHashing.bit(path, depth) ? SmtHashing.inner(sibling, node) : SmtHashing.inner(node, sibling);
    }
    return node;
  }
}
