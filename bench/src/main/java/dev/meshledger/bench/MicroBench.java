package dev.meshledger.bench;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitCheck;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.SignBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-core costs every other figure is built from, on the node's own classes: hashing,
 * Ed25519 through BouncyCastle's lightweight API (as crypto/Ed25519 does), the block codec,
 * a block's full intrinsic validation (what sync and relay run per block) and making a block
 * (sign + seal: what the miner runs per POST /api/blocks). Throughput, ops/s, one thread.
 * {@code commitCheck*}: CommitCheck.check of a BFT commit (one Ed25519 verify per signature), what a
 * node pays per block on top of the block's own checks when it syncs or follows a BFT chain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MicroBench {
  /** SHA-256 input for the MB/s figure: large enough that per-call overhead does not count. */
  public static final int SHA_BYTES = 64 * 1024;
  /** The difficulty bench/run.sh gives every node (the node's default). */
  public static final int BITS = 8;

  private byte[] shaInput;
  private NodeKey key;
  private byte[] secretKey;
  private byte[] publicKey;
  private byte[] message;
  private byte[] signature;
  private Block block;
  private org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint producerPoint;
  private byte[] encoded;
  private BlockValidator validator;
  private BlockFactory factory;
  private Block parent;
  private byte[] data;
  private long now;
  private Hash genesisHash;
  private Hash commitBlock;
  private Map<String, Long> powers4;
  private Commit commit4of4;
  private Commit commit3of4;
  private Map<String, Long> powers100;
  private Commit commit67of100;

  @Setup
  public void setup() {
    shaInput = new byte[SHA_BYTES];
    new java.util.Random(1).nextBytes(shaInput);
    key = NodeKey.generate();
    secretKey = key.secretKey();
    publicKey = key.publicKey();
    ChainParams params = ChainParams.of("meshledger-bench", BITS, 65_536);
    factory = new BlockFactory(key, params);
    parent = Genesis.of(params);
    data = "\"a benchmark block of about the size people post\"".getBytes(StandardCharsets.UTF_8);
    now = System.currentTimeMillis();
    block = factory.make(parent, now, data);
    message = HeaderBytes.signedBytes(block);
    signature = block.signature();
    encoded = BlockCodec.encode(block);
    producerPoint = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(block.producer(), 0);
    validator = new BlockValidator(params, Ed25519::verifyUncached); // every check does the arithmetic
    if (validator.checkIntrinsic(block, now).isPresent()) {
      throw new IllegalStateException("the benchmark block must be valid");
    }
    genesisHash = parent.hash();
    commitBlock = block.hash();
    powers4 = new HashMap<>();
    commit4of4 = commit(4, 4, powers4);
    commit3of4 = commit(4, 3, powers4);
    powers100 = new HashMap<>();
    commit67of100 = commit(100, 67, powers100);
  }

  /** A commit of the first {@code signers} of {@code validators} (power 1 each) for commitBlock at height 1, round 0. */
  private Commit commit(int validators, int signers, Map<String, Long> powers) {
    byte[] msg = SignBytes.vote(genesisHash, SignBytes.PRECOMMIT, 1, 0, Optional.of(commitBlock));
    List<CommitSig> sigs = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      NodeKey k = NodeKey.fromSecret(Sha256.of(("meshledger-bench-validator-" + i).getBytes(StandardCharsets.UTF_8)).toBytes());
      powers.put(k.id(), 1L);
      if (i < signers) {
        sigs.add(new CommitSig(k.publicKey(), k.sign(msg)));
      }
    }
    Commit c = new Commit(0, sigs);
    if (CommitCheck.check(genesisHash, powers, 1, commitBlock, c).isPresent()) {
      throw new IllegalStateException("the benchmark commit must be valid");
    }
    return c;
  }

  @Benchmark
  public Optional<CommitCheck.Problem> commitCheck4of4() {
    return CommitCheck.check(genesisHash, powers4, 1, commitBlock, commit4of4, Ed25519::verifyUncached);
  }

  @Benchmark
  public Optional<CommitCheck.Problem> commitCheck3of4() {
    return CommitCheck.check(genesisHash, powers4, 1, commitBlock, commit3of4, Ed25519::verifyUncached);
  }

  @Benchmark
  public Optional<CommitCheck.Problem> commitCheck67of100() {
    return CommitCheck.check(genesisHash, powers100, 1, commitBlock, commit67of100, Ed25519::verifyUncached);
  }

  @Benchmark
  public Hash sha256_64KiB() {
    return Sha256.of(shaInput);
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return Ed25519.sign(secretKey, publicKey, message);
  }

  /** The arithmetic itself: the node's {@code Ed25519.verify} would answer a repeated check from its cache. */
  @Benchmark
  public boolean ed25519Verify() {
    return Ed25519.verifyUncached(block.producer(), message, signature);
  }

  /** A check the verified-signature cache answers (a transfer seen in the mempool, then in its block). */
  @Benchmark
  public boolean ed25519VerifyCacheHit() {
    return Ed25519.verify(block.producer(), message, signature);
  }

  /**
   * Verify with the producer's public key decoded once (BouncyCastle's PublicPoint): a chain has
   * few producers, so a node could keep their decoded points; what sync would gain from it.
   */
  @Benchmark
  public boolean ed25519VerifyCachedKey() {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, producerPoint, message, 0, message.length);
  }

  @Benchmark
  public byte[] blockEncode() {
    return BlockCodec.encode(block);
  }

  @Benchmark
  public Block blockDecode() {
    return BlockCodec.decode(encoded);
  }

  @Benchmark
  public Optional<Rejection> blockValidate() {
    return validator.checkIntrinsic(block, now);
  }

  @Benchmark
  public Block blockMake() {
    return factory.make(parent, now, data);
  }
}
