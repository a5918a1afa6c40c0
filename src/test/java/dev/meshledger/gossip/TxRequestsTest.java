package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.domain.Hash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The in-flight request table on its own, as scripts of events. Caps: 3 in flight, 2 alternates an
 * id, a 100 ms timeout. Steps: {@code A+1} A announces id 1 (y: ask it now, n: not), {@code A=1} A
 * sends id 1 (y: it was asked of A), {@code -1} id 1 arrived otherwise, {@code @100} the time is
 * 100 and expired requests move on, {@code A!} A left, {@code A~} A is disconnected but not yet
 * reported gone, {@code A^} A is connected again. Moves print as {@code {B=[1]}}.
 */
class TxRequestsTest {
  private static final Hash[] IDS = IntStream.rangeClosed(0, 9)
      .mapToObj(n -> Hash.fromHex(String.format("%02x", n).repeat(32))).toArray(Hash[]::new);

  @ParameterizedTest(name = "{2}: {0}")
  @CsvSource(delimiter = '|', value = {
      "A+1                         | y                    | 1:A | the first announcer is asked",
      "A+1 B+1                     | y n                  | 1:A | the next one waits as an alternate",
      "A+1 A+1 @100                | y n {}               | ''  | an announcer is not its own alternate",
      "A+1 B+1 @99                 | y n {}               | 1:A | not yet timed out",
      "A+1 B+1 @100                | y n {B=[1]}          | 1:B | timed out: the alternate is asked",
      "A+1 B+1 C+1 D+1 @100 @200 @300 | y n n n {B=[1]} {C=[1]} {} | '' | alternates are capped; none left: dropped",
      "A+1 B+1 C+1 @150 @249 @250  | y n n {B=[1]} {} {C=[1]} | 1:C | a re-ask waits a full timeout from then",
      "A+1 B+1 @100 A+1 @200       | y n {B=[1]} n {}     | ''  | one already asked is not an alternate again",
      "A+1 A+2 A+3 A+4             | y y y n              | 1:A 2:A 3:A | in flight is capped",
      "A+1 A+2 A+3 A=1 A+4         | y y y y y            | 2:A 3:A 4:A | an answer makes room",
      "A+1 B+1 A+2 B+2 A+3 B+3 A+4 B+4 | y n y n y n n n | 1:A 2:A 3:A | a full table takes no new id from anyone",
      "A+1 A=1 A=1                 | y y n                | ''  | an answer is taken once",
      "A+1 B=1                     | y n                  | 1:A | not asked of B",
      "B=1                         | n                    | ''  | not asked at all",
      "A+1 B+1 @100 A=1            | y n {B=[1]} y        | ''  | a late answer from an earlier announcer is taken",
      "A+1 -1 A=1                  | y n                  | ''  | arrived otherwise: no longer asked",
      "A+1 -1 B+1                  | y y                  | 1:B | arrived otherwise, then announced: asked anew",
      "A+1 A+2 B+2 A!              | y y n {B=[2]}        | 2:B | a gone peer's requests move at once",
      "A+1 B+1 B! B^ @100          | y n {} {}            | ''  | a gone peer is no one's alternate",
      "A+1 B+1 C+1 B! D+1 @100 @200 | y n n {} n {C=[1]} {D=[1]} | 1:D | a gone alternate frees its slot",
      "A+1 B+1 C+1 B~ @100         | y n n {C=[1]}        | 1:C | a disconnected alternate is skipped",
      "A+1 B+1 C+1 B~ A!           | y n n {C=[1]}        | 1:C | also when the asked peer leaves",
      "A+1 B+1 @50 A+2 B+2 @100 @149 @150 | y n {} y n {B=[1]} {} {B=[2]} | 1:B 2:B | expiry goes in deadline order",
      "A+1 A+2 B+1 B+2 C+3 B+3 @100 | y y n n y n {B=[1, 2, 3]} | 1:B 2:B 3:B | moves are grouped by peer",
      "A+1 B+1 C+2 A+2 @100        | y n y n {B=[1], A=[2]} | 1:B 2:A | peers in the order their ids timed out",
      "A+1 B+1 C+2 A+2 A!          | y n y n {B=[1]}      | 1:B 2:C | only the gone peer's requests move",
  })
  void script(String script, String expectedLog, String expectedAskedOf, String why) {
    TxRequests r = new TxRequests(3, 2, 100);
    Set<String> connected = new HashSet<>(Set.of("A", "B", "C", "D"));
    long now = 0;
    List<String> log = new ArrayList<>();
    for (String step : script.trim().split("\\s+")) {
      char op = step.length() > 1 ? step.charAt(1) : '?';
      if (step.startsWith("@")) {
        now = Long.parseLong(step.substring(1));
        log.add(moves(r.expire(now, connected::contains)));
      } else if (step.startsWith("-")) {
        r.forget(id(step.substring(1)));
      } else if (op == '+') {
        log.add(yn(r.announced(id(step.substring(2)), step.substring(0, 1), now)));
      } else if (op == '=') {
        log.add(yn(r.answered(id(step.substring(2)), step.substring(0, 1))));
      } else if (op == '!') {
        connected.remove(step.substring(0, 1));
        log.add(moves(r.peerGone(step.substring(0, 1), now, connected::contains)));
      } else if (op == '~') {
        connected.remove(step.substring(0, 1));
      } else if (op == '^') {
        connected.add(step.substring(0, 1));
      } else {
        throw new IllegalArgumentException(step);
      }
    }
    assertEquals(expectedLog, String.join(" ", log), why);
    String askedOf = IntStream.rangeClosed(1, 9).filter(n -> r.askedOf(IDS[n]) != null)
        .mapToObj(n -> n + ":" + r.askedOf(IDS[n])).collect(Collectors.joining(" "));
    assertEquals(expectedAskedOf, askedOf, why);
    assertEquals(askedOf.isEmpty() ? 0 : askedOf.split(" ").length, r.size(), why);
  }

  private static Hash id(String n) {
    return IDS[Integer.parseInt(n)];
  }

  private static String yn(boolean b) {
    return b ? "y" : "n";
  }

  /** Moves with ids as their numbers. */
  private static String moves(Map<String, List<Hash>> byPeer) {
    return byPeer.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().stream().map(h -> String.valueOf(List.of(IDS).indexOf(h))).toList())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
