package dev.meshledger.domain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void knownVectorsFromFips180() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of(utf8("abc")).toHex());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(new byte[0]).toHex());
    assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        Sha256.of(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toHex());
  }

  @Test
  void rangeHashesOnlyThatRange() {
    assertEquals(Sha256.of(utf8("abc")), Sha256.of(utf8("xxabcyy"), 2, 3));
  }

  @Test
  void repeatedUseOfTheThreadsDigestGivesTheSameAnswer() {
    assertEquals(Sha256.of(utf8("abc")), Sha256.of(utf8("abc")));
  }
}
