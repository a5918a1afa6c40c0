package dev.meshledger.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * A node's Ed25519 identity. The node id is the hex public key. Stored as a PKCS#8 PEM file
 * (readable by {@code openssl pkey}) with mode 0600, written once, atomically.
 */
public final class NodeKey {
  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private final byte[] secretKey;
  private final byte[] publicKey;
  private final String id;

  private NodeKey(byte[] secretKey) {
    this.secretKey = secretKey.clone();
    this.publicKey = Ed25519.publicKeyOf(secretKey);
    this.id = HexFormat.of().formatHex(publicKey);
  }

  public static NodeKey generate() {
    return new NodeKey(Ed25519.newSecretKey());
  }

  public static NodeKey fromSecret(byte[] secretKey) {
    return new NodeKey(secretKey);
  }

  /** Loads the key at {@code file}, or makes one and writes it there (mode 0600) if absent. */
  public static NodeKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    NodeKey key = generate();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, key.toPem(), StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      return read(file);
    }
    return key;
  }

  static NodeKey read(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (!pem.startsWith(PEM_BEGIN) || !pem.endsWith(PEM_END)) {
      throw new IOException(file + " is not a PEM private key");
    }
    String body = pem.substring(PEM_BEGIN.length(), pem.length() - PEM_END.length()).replaceAll("\\s", "");
    Object params;
    try {
      params = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(Base64.getDecoder().decode(body)));
    } catch (IOException | RuntimeException e) {
      // BouncyCastle throws assorted runtime exceptions on malformed or foreign keys (NoSuchElementException
      // for an empty sequence, RuntimeException for an unknown algorithm); none of them names the file.
      throw new IOException(file + " is not a readable private key: " + e, e);
    }
    if (!(params instanceof Ed25519PrivateKeyParameters ed)) {
      throw new IOException(file + " holds a key that is not Ed25519");
    }
    return new NodeKey(ed.getEncoded());
  }

  public String toPem() {
    try {
      byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(secretKey, 0)).getEncoded();
      return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n" + PEM_END + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("encoding an Ed25519 key cannot fail", e);
    }
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(secretKey, publicKey, message);
  }

  /** The 32-byte secret; for building the TLS certificate. */
  public byte[] secretKey() {
    return secretKey.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The node id: the hex public key. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return "NodeKey[" + id + "]";
  }
}
