package dev.meshledger.miner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.ledger.LedgerMessages.Templates;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Ancestry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextTemplateTest {
  private static final Hash A = hash(1);
  private static final Hash B = hash(2);

  private final List<String> asked = new ArrayList<>();
  private final List<Future<Templates>> answers = new ArrayList<>();
  private long now = 1_000;
  private final NextTemplate next = new NextTemplate((parent, n) -> {
    asked.add(parent.toString().substring(0, 2) + "x" + n);
    answers.add(Future.succeededFuture(new Templates(List.of(), Ancestry.genesis(asked.size()))));
    return answers.get(answers.size() - 1);
  }, () -> now, 500);

  @Test
  void theNextBlockOnTheSameParentTakesTheTemplateAskedAhead() {
    next.prefetch(A);
    assertTrue(next.held());
    assertSame(answers.get(0), next.take(A, 1));
    assertEquals(List.of("01x1"), asked, "one request to the chain, made ahead");
    assertFalse(next.held(), "a template serves one block");
    next.take(A, 1);
    assertEquals(List.of("01x1", "01x1"), asked);
  }

  @Test
  void anotherParentOrSeveralBlocksAskAgain() {
    next.prefetch(A);
    next.take(B, 1);
    next.prefetch(A);
    next.take(A, 3);
    assertEquals(List.of("01x1", "02x1", "01x1", "01x3"), asked);
    assertFalse(next.held());
  }

  @Test
  void aDroppedTemplateIsNotUsed() {
    next.prefetch(A);
    next.drop();
    assertFalse(next.held());
    next.take(A, 1);
    assertEquals(List.of("01x1", "01x1"), asked);
  }

  @Test
  void aTemplateServesUpToItsAgeAndNotAfter() {
    next.prefetch(A);
    now += 500;
    next.take(A, 1);
    assertEquals(List.of("01x1"), asked, "at the age limit it is still used");
    next.prefetch(A);
    now += 501;
    next.take(A, 1);
    assertEquals(List.of("01x1", "01x1", "01x1"), asked, "past it, asked again");
  }

  private static Hash hash(int b) {
    byte[] bytes = new byte[Hash.SIZE];
    Arrays.fill(bytes, (byte) b);
    return Hash.wrap(bytes);
  }
}
