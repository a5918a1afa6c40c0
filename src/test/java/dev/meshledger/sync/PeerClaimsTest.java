package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.pow.Work;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whom a sync starts with, without Vert.x. */
class PeerClaimsTest {
  @Test
  void aClaimIsRaisedNeverLowered() {
    PeerClaim c = new PeerClaim(10, Work.of(100));
    assertEquals(new PeerClaim(12, Work.of(100)), c.raise(12, Work.of(90)));
    assertEquals(new PeerClaim(10, Work.of(150)), c.raise(9, Work.of(150)));
    assertEquals(c, c.raise(10, Work.of(100)));
    assertEquals(new PeerClaim(10, Work.of(7)), c.withWork(Work.of(7)));
  }

  @Test
  void onlyConnectedPeersHaveClaims() {
    PeerClaims claims = new PeerClaims();
    assertNull(claims.raise("p", 5, Work.of(50)), "an unknown peer gains no claim");
    assertFalse(claims.knows("p"));
    claims.connected("p", new PeerClaim(3, Work.of(30)));
    assertEquals(new PeerClaim(5, Work.of(50)), claims.raise("p", 5, Work.of(50)));
    assertEquals(new PeerClaim(5, Work.of(50)), claims.raise("p", 4, Work.of(0)), "an old height and no work change nothing");
    claims.connected("p", new PeerClaim(1, Work.of(10)));
    assertEquals(new PeerClaim(1, Work.of(10)), claims.get("p"), "a reconnect starts from its new handshake");
    claims.remove("p");
    assertFalse(claims.knows("p"));
    assertEquals(0, claims.size());
  }

  @Test
  void aRefutedClaimIsNeverPickedAgainNotEvenAfterAReconnectOnlyAHigherOne() {
    PeerClaims claims = new PeerClaims();
    claims.connected("liar", new PeerClaim(100, Work.of(1000)));
    claims.connected("honest", new PeerClaim(50, Work.of(500)));
    assertTrue(claims.trusted("liar"));
    assertEquals(Optional.of("liar"), claims.heaviestAbove(Work.of(10)));
    claims.refute("liar");
    assertFalse(claims.trusted("liar"), "asked for nothing while its claim stands refuted");
    assertEquals(Optional.of("honest"), claims.heaviestAbove(Work.of(10)));
    assertEquals(new PeerClaim(100, Work.ZERO), claims.raise("liar", 100, Work.of(1000)), "the same claim again counts nothing");
    claims.remove("liar");
    claims.connected("liar", new PeerClaim(100, Work.of(1000)));
    assertEquals(Work.ZERO, claims.get("liar").totalWork(), "a reconnect with the refuted claim counts nothing");
    assertFalse(claims.trusted("liar"));
    assertEquals(new PeerClaim(100, Work.of(1001)), claims.raise("liar", 100, Work.of(1001)), "a higher claim is believed");
    assertTrue(claims.trusted("liar"));
    assertEquals(Optional.of("liar"), claims.heaviestAbove(Work.of(10)));
    claims.refute("stranger"); // not connected: nothing to refute
    claims.connected("stranger", new PeerClaim(1, Work.of(5)));
    assertTrue(claims.trusted("stranger"));
    assertFalse(claims.trusted("gone"), "a peer that is not connected is not asked");
  }

  @Test
  void refutedClaimsAreRememberedForABoundedNumberOfPeers() {
    PeerClaims claims = new PeerClaims();
    for (int i = 0; i <= PeerClaims.MAX_REFUTED; i++) {
      claims.connected("p" + i, new PeerClaim(1, Work.of(10)));
      claims.refute("p" + i);
      claims.remove("p" + i);
    }
    claims.connected("p0", new PeerClaim(1, Work.of(10)));
    assertTrue(claims.trusted("p0"), "the oldest refutation was forgotten");
    claims.connected("p1", new PeerClaim(1, Work.of(10)));
    assertFalse(claims.trusted("p1"));
  }

  @Test
  void theSyncStartsWithThePeerClaimingTheMostWorkAboveOurs() {
    PeerClaims claims = new PeerClaims();
    assertEquals(Optional.empty(), claims.heaviestAbove(Work.of(0)));
    claims.connected("a", new PeerClaim(5, Work.of(100)));
    claims.connected("b", new PeerClaim(4, Work.of(120)));
    claims.connected("c", new PeerClaim(9, Work.of(120)));
    assertEquals(3, claims.size());
    assertEquals(Optional.of("b"), claims.heaviestAbove(Work.of(99)), "the most work, not the greatest height; a tie to the first");
    assertEquals(Optional.of("b"), claims.heaviestAbove(Work.of(119)));
    assertEquals(Optional.empty(), claims.heaviestAbove(Work.of(120)), "as much work as ours is no reason to sync");
    claims.remove("b");
    assertEquals(Optional.of("c"), claims.heaviestAbove(Work.of(100)));
    assertEquals(Map.of("a", new PeerClaim(5, Work.of(100)), "c", new PeerClaim(9, Work.of(120))), claims.all());
  }

  @Test
  void aPeerThatDidNotAnswerOrHadNothingMoreIsNotPickedAgain() {
    PeerClaims claims = new PeerClaims();
    claims.connected("slow", new PeerClaim(5, Work.of(500)));
    claims.connected("empty", new PeerClaim(5, Work.of(400)));
    claims.distrust("slow");
    assertEquals(new PeerClaim(5, Work.of(0)), claims.get("slow"));
    assertEquals(Optional.of("empty"), claims.heaviestAbove(Work.of(100)));
    claims.capWork("empty", Work.of(100));
    assertEquals(new PeerClaim(5, Work.of(100)), claims.get("empty"));
    assertEquals(Optional.empty(), claims.heaviestAbove(Work.of(100)));
    claims.capWork("empty", Work.of(300));
    assertEquals(new PeerClaim(5, Work.of(100)), claims.get("empty"), "capping never raises");
    assertNull(claims.raise("ghost", 1, Work.of(1)));
    claims.distrust("ghost");
    claims.capWork("ghost", Work.of(1));
    assertFalse(claims.knows("ghost"), "nothing is kept for a peer that is not connected");
    assertEquals(new PeerClaim(6, Work.of(200)), claims.raise("slow", 6, Work.of(200)), "it counts again once it claims more");
  }

  @Test
  void peersWantedWhileBusyAreTakenInOrderOnce() {
    PeerClaims claims = new PeerClaims();
    claims.connected("a", new PeerClaim(1, Work.of(1)));
    claims.connected("b", new PeerClaim(1, Work.of(1)));
    claims.connected("c", new PeerClaim(1, Work.of(1)));
    claims.want("b");
    claims.want("ghost");
    claims.want("a");
    claims.want("b");
    claims.want("c");
    claims.remove("c");
    assertEquals(Optional.of("b"), claims.takeWanted());
    assertEquals(Optional.of("a"), claims.takeWanted());
    assertEquals(Optional.empty(), claims.takeWanted(), "not a peer that left, nor one never connected");
    assertTrue(claims.knows("a"), "taking a wanted peer keeps its claim");
  }
}
