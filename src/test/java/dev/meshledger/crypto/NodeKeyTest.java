package dev.meshledger.crypto;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeKeyTest {
  @TempDir Path dir;

  @Test
  void aNewKeyIsWrittenWithMode0600() throws IOException {
    Path file = dir.resolve("sub/node.key");
    NodeKey key = NodeKey.loadOrCreate(file);
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertFalse(Files.exists(file.resolveSibling("node.key.tmp")), "no temporary file left behind");
    assertEquals(64, key.id().length());
  }

  @Test
  void reloadingGivesTheSameIdentity() throws IOException {
    Path file = dir.resolve("node.key");
    NodeKey first = NodeKey.loadOrCreate(file);
    String pem = Files.readString(file);
    NodeKey again = NodeKey.loadOrCreate(file);
    assertEquals(first.id(), again.id());
    assertArrayEquals(first.publicKey(), again.publicKey());
    assertEquals(pem, Files.readString(file), "an existing key is never rewritten");
    byte[] msg = utf8("hello");
    assertTrue(Ed25519.verify(first.publicKey(), msg, again.sign(msg)));
  }

  @Test
  void theIdIsTheHexPublicKey() {
    NodeKey key = NodeKey.generate();
    assertEquals(HexFormat.of().formatHex(key.publicKey()), key.id());
    assertEquals(key.id(), NodeKey.fromSecret(key.secretKey()).id());
    assertFalse(key.id().equals(NodeKey.generate().id()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage",
      "",
      "-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      // an empty DER sequence: BouncyCastle throws NoSuchElementException on it
      "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
      // PKCS#8 with an unknown algorithm (OID 1.2.3): BouncyCastle throws a bare RuntimeException
      "-----BEGIN PRIVATE KEY-----\nMAsCAQAwBAYCKgMEAA==\n-----END PRIVATE KEY-----\n",
      // a PKCS#8 EC (P-256) key: valid PEM, not Ed25519
      "-----BEGIN PRIVATE KEY-----\n"
          + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2\n"
          + "OF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r\n"
          + "1RTwjmYSi9R/zpBnuQ4EiMnCqfMPWiZqB4QdbAd0E7oH50VpuZ1P087G\n"
          + "-----END PRIVATE KEY-----\n"})
  void aFileThatIsNotAnEd25519KeyGivesAnIOExceptionNamingIt(String content) throws IOException {
    Path file = dir.resolve("node.key");
    Files.writeString(file, content);
    IOException e = assertThrows(IOException.class, () -> NodeKey.loadOrCreate(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals(content, Files.readString(file), "a bad key file is left for the operator to look at");
  }
}
