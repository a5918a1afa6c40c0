package dev.meshledger.bus.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.TestEvidence;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence JSON: what GET shows, what POST takes (either side first), and every malformed field named. */
class EvidenceJsonTest {
  private static final DoubleSign E = TestEvidence.prevotes(TestCommits.keys(1).get(0),
      Genesis.of(ChainParams.of("evidence-json", 0, 8)).hash(), 5);

  @Test
  void theShapeRoundTripsAndTheSidesMayComeInEitherOrder() {
    JsonObject o = EvidenceJson.withSignatures(E);
    assertEquals(E, EvidenceJson.parse(o));
    assertEquals(EvidenceJson.of(E).put("firstSignature", o.getString("firstSignature"))
        .put("secondSignature", o.getString("secondSignature")), o);
    JsonObject swapped = o.copy().put("first", o.getValue("second")).put("second", o.getValue("first"))
        .put("firstSignature", o.getString("secondSignature")).put("secondSignature", o.getString("firstSignature"));
    assertEquals(E, EvidenceJson.parse(swapped));
    assertEquals("prevote", o.getString("type"));
    assertEquals(null, o.getValue("first"), "nil first");
    assertEquals(List.of(EvidenceJson.of(E)), EvidenceJson.of(List.of(E)).getList());
    // the largest round parses (its signatures are another matter: the node answers 422 BAD_SIGNATURE)
    assertEquals(Integer.MAX_VALUE, EvidenceJson.parse(o.copy().put("round", Integer.MAX_VALUE)).round());
    assertEquals(1, EvidenceJson.parse(o.copy().put("height", 1)).height());
  }

  @Test
  void eachMalformedFieldIsNamed() {
    JsonObject good = EvidenceJson.withSignatures(E);
    for (var bad : List.of(
        List.of("validator", "xyz"), List.of("type", "vote"), List.of("height", 0), List.of("height", "5"),
        List.of("round", -1), List.of("round", 1L << 31), List.of("second", "ab"),
        List.of("firstSignature", "00"), List.of("secondSignature", 7))) {
      JsonObject o = good.copy().put((String) bad.get(0), bad.get(1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvidenceJson.parse(o),
          bad.toString());
      assertTrue(e.getMessage().contains("\"" + bad.get(0) + "\""), e.getMessage());
    }
    JsonObject noSide = good.copy();
    noSide.remove("first");
    assertThrows(IllegalArgumentException.class, () -> EvidenceJson.parse(noSide));
    JsonObject sameSide = good.copy().put("first", good.getValue("second"));
    // the same block twice parses (the node answers 422 SAME_VOTE): it is well formed, only not an offence
    assertEquals(DoubleSign.Problem.SAME_VOTE, EvidenceJson.parse(sameSide)
        .checkRules(java.util.Map.of(), 10, 10).orElseThrow());
  }
}
