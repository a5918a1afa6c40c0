package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.sync.InFlightRequests.Asked;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {
  private static final Asked A1 = new Asked("a", new SyncPool.Range(1, 10, false), 1_000);
  private static final Asked A2 = new Asked("a", new SyncPool.Range(11, 10, false), 2_000);
  private static final Asked B1 = new Asked("b", new SyncPool.Range(21, 10, true), 1_500);

  private static InFlightRequests three() {
    InFlightRequests f = new InFlightRequests();
    f.add(1, A1);
    f.add(2, A2);
    f.add(3, B1);
    return f;
  }

  @Test
  void anAnswerMatchesOnlyARequestOfThePeerThatAnswers() {
    InFlightRequests f = three();
    assertNull(f.answer(1, "b"), "b was not asked request 1");
    assertNull(f.answer(9, "a"));
    assertEquals(3, f.size(), "a wrong answer takes nothing out");
    assertEquals(A1, f.answer(1, "a"));
    assertNull(f.answer(1, "a"), "answered once");
    assertEquals(2, f.size());
  }

  @Test
  void requestsAreCountedPerPeer() {
    InFlightRequests f = three();
    assertEquals(2, f.of("a"));
    assertEquals(1, f.of("b"));
    assertEquals(0, f.of("c"));
  }

  @Test
  void aPeerThatLeavesTakesItsRequestsOut() {
    InFlightRequests f = three();
    assertEquals(Set.of(A1, A2), Set.copyOf(f.dropPeer("a")));
    assertEquals(List.of(), f.dropPeer("a"));
    assertEquals(1, f.size());
    assertEquals(0, f.of("a"));
  }

  @Test
  void requestsExpireAtTheirDeadline() {
    InFlightRequests f = three();
    assertEquals(List.of(), f.expire(999));
    assertFalse(f.isEmpty());
    assertEquals(List.of(A1), f.expire(1_000), "due at the deadline itself");
    assertEquals(List.of(B1), f.expire(1_999));
    assertEquals(List.of(A2), f.expire(5_000));
    assertTrue(f.isEmpty());
  }
}
