package dev.meshledger.domain;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Well-formed transfers and blocks holding them, for codec and relay tests (signatures are not checked there). */
public final class TestTransfers {
  private TestTransfers() {}

  public static Transfer transfer(String chainId, int n) {
    byte[] sig = new byte[TransferBytes.SIGNATURE_SIZE];
    Arrays.fill(sig, (byte) n);
    return Transfer.of(chainId, AccountId.fromHex("01".repeat(32)), AccountId.fromHex("02".repeat(32)), 1000 + n, 10, n,
        sig);
  }

  public static List<Transfer> transfers(String chainId, int count) {
    return IntStream.range(0, count).mapToObj(i -> transfer(chainId, i)).toList();
  }

  /** A sealed block on {@code parent} holding {@code transfers}, by {@link TestBlocks#KEY}. */
  public static Block blockWith(ChainParams params, Block parent, String data, List<Transfer> transfers) {
    return new BlockFactory(TestBlocks.KEY, params).make(parent.height(), parent.hash(),
        TestBlocks.T0 + parent.height() + 1, TestBlocks.utf8(data), new BlockBody(transfers, Hash.ZERO), () -> false)
        .orElseThrow();
  }
}
