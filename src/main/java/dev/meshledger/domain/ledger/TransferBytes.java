package dev.meshledger.domain.ledger;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of a transfer: what {@code from} signs, what the id is the SHA-256 of,
 * and what travels in blocks and on the wire. Big-endian:
 *
 * <pre>
 * signed = kind u8 | chainIdLength u8 | chainId UTF-8 (1..64 bytes) | from 32 | to 32
 *        | amount u64 | fee u64 | nonce u64                     (2 + chainId + 88 bytes)
 * full   = signed | signature 64
 * id     = SHA-256(signed)
 * </pre>
 *
 * The kind byte ({@link TxKind}: 0 transfer, 1 stake, 2 unstake) was the high byte of a u16 chain id
 * length, always 0 since chain ids are at most 64 bytes: plain transfers kept their bytes and ids.
 * Amount, fee and nonce are u64 on the wire but must be below 2^63 (Java's {@code long} is
 * signed, and a value that reads back negative would break every balance sum). Decoding is
 * strict: one encoding per transfer, so the id of the bytes is the id of the transfer.
 */
public final class TransferBytes {
  /** The chain spec's {@code chainId} is a short name; 64 bytes bound every transfer's size. */
  public static final int MAX_CHAIN_ID_BYTES = 64;
  /** from, to, amount, fee, nonce. */
  static final int FIXED_SIGNED_SIZE = AccountId.SIZE + AccountId.SIZE + 8 + 8 + 8;
  public static final int SIGNATURE_SIZE = 64;
  /** The smallest full encoding: a one-byte chain id. */
  public static final int MIN_SIZE = 2 + 1 + FIXED_SIGNED_SIZE + SIGNATURE_SIZE;
  /** The largest full encoding: a 64-byte chain id. */
  public static final int MAX_SIZE = 2 + MAX_CHAIN_ID_BYTES + FIXED_SIGNED_SIZE + SIGNATURE_SIZE;

  private TransferBytes() {}

  /** The bytes {@code from} signs and the id hashes. */
  public static byte[] signedBytes(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce) {
    return signedBytes(TxKind.TRANSFER, chainId, from, to, amount, fee, nonce);
  }

  /** The bytes {@code from} signs and the id hashes, for a transaction of {@code kind}. */
  public static byte[] signedBytes(TxKind kind, String chainId, AccountId from, AccountId to, long amount, long fee,
      long nonce) {
    byte[] chain = chainIdBytes(chainId);
    requireNonNegative("amount", amount);
    requireNonNegative("fee", fee);
    requireNonNegative("nonce", nonce);
    ByteBuffer b = ByteBuffer.allocate(2 + chain.length + FIXED_SIGNED_SIZE);
    b.put((byte) kind.code());
    b.put((byte) chain.length);
    b.put(chain);
    b.put(from.bytes());
    b.put(to.bytes());
    b.putLong(amount);
    b.putLong(fee);
    b.putLong(nonce);
    return b.array();
  }

  public static byte[] signedBytes(Transfer t) {
    return signedBytes(t.kind(), t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce());
  }

  /** The id of a transfer with these fields: SHA-256 of its signed bytes. */
  public static Hash id(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce) {
    return id(TxKind.TRANSFER, chainId, from, to, amount, fee, nonce);
  }

  public static Hash id(TxKind kind, String chainId, AccountId from, AccountId to, long amount, long fee, long nonce) {
    return Sha256.of(signedBytes(kind, chainId, from, to, amount, fee, nonce));
  }

  /** The full encoding: signed bytes, then the 64-byte signature. */
  public static byte[] encode(Transfer t) {
    byte[] signed = signedBytes(t);
    byte[] out = new byte[signed.length + SIGNATURE_SIZE];
    System.arraycopy(signed, 0, out, 0, signed.length);
    System.arraycopy(t.signature(), 0, out, signed.length, SIGNATURE_SIZE);
    return out;
  }

  /** The length of {@link #encode}'s result, without encoding. */
  public static int encodedSize(Transfer t) {
    return 2 + chainIdBytes(t.chainId()).length + FIXED_SIGNED_SIZE + SIGNATURE_SIZE;
  }

  /** Decodes exactly one transfer from all of {@code bytes}; the id is recomputed. */
  public static Transfer decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  /** Decodes exactly one transfer from the buffer's remaining bytes, consuming them. */
  public static Transfer decode(ByteBuffer b) {
    Transfer t = read(b);
    if (b.hasRemaining()) {
      throw new LedgerFormatException("transfer has " + b.remaining() + " trailing bytes");
    }
    return t;
  }

  /**
   * Reads one transfer at the buffer's position and leaves the position after it, for
   * encodings that hold several (a block's transactions).
   */
  public static Transfer read(ByteBuffer b) {
    try {
      int code = Byte.toUnsignedInt(b.get());
      TxKind kind = TxKind.ofCode(code);
      if (kind == null) {
        throw new LedgerFormatException("transaction kind " + code + " is unknown");
      }
      int chainLength = Byte.toUnsignedInt(b.get());
      if (chainLength < 1 || chainLength > MAX_CHAIN_ID_BYTES) {
        throw new LedgerFormatException("chain id length " + chainLength + " is not 1.." + MAX_CHAIN_ID_BYTES);
      }
      byte[] chain = new byte[chainLength];
      b.get(chain);
      String chainId = decodeUtf8(chain);
      AccountId from = AccountId.of(take(b, AccountId.SIZE));
      AccountId to = AccountId.of(take(b, AccountId.SIZE));
      long amount = readNonNegative(b, "amount");
      long fee = readNonNegative(b, "fee");
      long nonce = readNonNegative(b, "nonce");
      byte[] signature = take(b, SIGNATURE_SIZE);
      return Transfer.of(kind, chainId, from, to, amount, fee, nonce, signature);
    } catch (BufferUnderflowException e) {
      throw new LedgerFormatException("transfer is truncated");
    }
  }

  /**
   * Moves past one encoded transfer without reading it (a block's header cut from its stored bytes); the
   * length is the only field looked at.
   */
  public static void skip(ByteBuffer b) {
    try {
      b.get(); // kind
      int chainLength = Byte.toUnsignedInt(b.get());
      b.position(b.position() + chainLength + FIXED_SIGNED_SIZE + SIGNATURE_SIZE);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new LedgerFormatException("transfer is truncated");
    }
  }

  /** The chain id's UTF-8 bytes, checked: 1..64 bytes, no unpaired surrogates. */
  static byte[] chainIdBytes(String chainId) {
    if (chainId == null) {
      throw new IllegalArgumentException("a transfer needs a chain id");
    }
    byte[] bytes;
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(chainId));
      bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("chain id is not valid Unicode");
    }
    if (bytes.length < 1 || bytes.length > MAX_CHAIN_ID_BYTES) {
      throw new IllegalArgumentException("chain id is " + bytes.length + " bytes of UTF-8, not 1.." + MAX_CHAIN_ID_BYTES);
    }
    return bytes;
  }

  static void requireNonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " is negative: " + value);
    }
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      // strict: a lenient decoder would map bad bytes to U+FFFD, and two encodings to one transfer
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new LedgerFormatException("chain id is not valid UTF-8");
    }
  }

  private static long readNonNegative(ByteBuffer b, String field) {
    long v = b.getLong();
    if (v < 0) {
      throw new LedgerFormatException(field + " is above 2^63-1: " + Long.toUnsignedString(v));
    }
    return v;
  }

  private static byte[] take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
