package dev.meshledger.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeIdsTest {
  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(nullValues = "NULL", value = {
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, 01234567",
      "012345678, 01234567",
      "01234567, 01234567",
      "0123, 0123",
      "NULL, none"})
  void aShortIdIsTheFirstEightCharacters(String id, String shortId) {
    assertEquals(shortId, NodeIds.shortId(id));
  }
}
