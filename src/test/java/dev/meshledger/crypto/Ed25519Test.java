package dev.meshledger.crypto;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = utf8("block header bytes");
  private static final NodeKey KEY = NodeKey.generate();

  @Test
  void rfc8032TestVector1() {
    byte[] secret = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] expectedPublic = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] expectedSig = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
        + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    byte[] pub = Ed25519.publicKeyOf(secret);
    assertArrayEquals(expectedPublic, pub);
    assertArrayEquals(expectedSig, Ed25519.sign(secret, pub, new byte[0]));
    assertTrue(Ed25519.verify(pub, new byte[0], expectedSig));
  }

  @Test
  void signatureVerifies() {
    byte[] sig = KEY.sign(MESSAGE);
    assertTrue(Ed25519.verify(KEY.publicKey(), MESSAGE, sig));
  }

  @Test
  void tamperedMessageFails() {
    byte[] sig = KEY.sign(MESSAGE);
    byte[] other = MESSAGE.clone();
    other[0] ^= 1;
    assertFalse(Ed25519.verify(KEY.publicKey(), other, sig));
  }

  @Test
  void tamperedSignatureFails() {
    byte[] sig = KEY.sign(MESSAGE);
    for (int i : new int[] {0, 31, 32, 63}) {
      byte[] bad = sig.clone();
      bad[i] ^= 1;
      assertFalse(Ed25519.verify(KEY.publicKey(), MESSAGE, bad), "bit flipped in byte " + i);
    }
  }

  @Test
  void anotherKeyFails() {
    byte[] sig = KEY.sign(MESSAGE);
    assertFalse(Ed25519.verify(NodeKey.generate().publicKey(), MESSAGE, sig));
    byte[] flipped = KEY.publicKey();
    flipped[5] ^= 1;
    assertFalse(Ed25519.verify(flipped, MESSAGE, sig));
  }

  @Test
  void malformedLengthsReturnFalseWithoutThrowing() {
    byte[] sig = KEY.sign(MESSAGE);
    byte[] pub = KEY.publicKey();
    assertFalse(Ed25519.verify(Arrays.copyOf(pub, 31), MESSAGE, sig));
    assertFalse(Ed25519.verify(Arrays.copyOf(pub, 33), MESSAGE, sig));
    assertFalse(Ed25519.verify(new byte[0], MESSAGE, sig));
    assertFalse(Ed25519.verify(pub, MESSAGE, Arrays.copyOf(sig, 63)));
    assertFalse(Ed25519.verify(pub, MESSAGE, Arrays.copyOf(sig, 65)));
    assertFalse(Ed25519.verify(pub, MESSAGE, new byte[0]));
  }

  @Test
  void invalidPointsReturnFalseWithoutThrowing() {
    byte[] sig = KEY.sign(MESSAGE);
    byte[] notAPoint = new byte[32];
    Arrays.fill(notAPoint, (byte) 0xff);
    assertFalse(Ed25519.verify(notAPoint, MESSAGE, sig));
    byte[] badSig = new byte[64];
    Arrays.fill(badSig, (byte) 0xff);
    assertFalse(Ed25519.verify(KEY.publicKey(), MESSAGE, badSig));
  }

  @Test
  void smallOrderKeyIsRefusedEvenWithASignatureThatWouldCheckOut() {
    // the identity point as a key: with R = identity and S = 0 the equation [S]B = R + [k]A holds
    // for every message, so only the full key check stands between it and a forged block
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] sig = new byte[64];
    sig[0] = 1;
    assertFalse(Ed25519.verify(identity, MESSAGE, sig));
    assertFalse(Ed25519.verify(identity, MESSAGE, sig), "and still refused when asked again");
  }

  @Test
  void keysKeepVerifyingRightWhenMoreKeysThanTheCacheHoldsAreSeen() {
    byte[] sig = KEY.sign(MESSAGE);
    assertTrue(Ed25519.verify(KEY.publicKey(), MESSAGE, sig));
    for (int i = 0; i <= Ed25519.KEY_CACHE_SIZE; i++) {
      NodeKey other = NodeKey.generate();
      byte[] otherSig = other.sign(MESSAGE);
      assertTrue(Ed25519.verify(other.publicKey(), MESSAGE, otherSig));
      assertFalse(Ed25519.verify(other.publicKey(), MESSAGE, sig), "another key's point must not answer for KEY");
    }
    assertTrue(Ed25519.verify(KEY.publicKey(), MESSAGE, sig));
    assertFalse(Ed25519.verify(NodeKey.generate().publicKey(), MESSAGE, sig));
  }

  @Test
  void aCallerChangingItsKeyArrayAfterwardsDoesNotChangeWhatIsCached() {
    byte[] sig = KEY.sign(MESSAGE);
    byte[] pub = KEY.publicKey();
    assertTrue(Ed25519.verify(pub, MESSAGE, sig));
    pub[3] ^= 1; // the same array, now another (or no) key
    assertFalse(Ed25519.verify(pub, MESSAGE, sig));
    assertTrue(Ed25519.verify(KEY.publicKey(), MESSAGE, sig));
  }
}
