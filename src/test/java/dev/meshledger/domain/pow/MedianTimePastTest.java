package dev.meshledger.domain.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Median time past (GetMedianTimePast) and the timestamp rule, table by table. */
class MedianTimePastTest {

  private static List<Long> times(String spaced) {
    return Arrays.stream(spaced.trim().split("\\s+")).map(Long::valueOf).toList();
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource({
      "5,                                  5",   // genesis alone
      "1 2,                                2",   // even count: the upper middle, as Bitcoin
      "3 1 2,                              2",   // unsorted: timestamps need not rise
      "10 30 20 40,                        30",
      "5 5 5 1,                            5",   // ties
      "9 9 1 1,                            9",
      "7 7 7 7 7 7 7 7 7 7 7,              7",
      "1 2 3 4 5 6 7 8 9 10 11,            6",
      "11 10 9 8 7 6 5 4 3 2 1,            6",
      "1 2 3 4 5 6 7 8 9 10 11 12,         7",   // only the last 11 count
      "100 1 2 3 4 5 6 7 8 9 10 11,        6",   // an old outlier beyond the window is ignored
      "1 1 100 100 100 100 100 100 5 6 7 8 9, 100", // the two oldest fall out
      "-5 -1 -3,                           -3",
  })
  void medianOfTheLastEleven(String timestamps, long median) {
    assertEquals(median, MedianTimePast.of(times(timestamps)));
  }

  @Test
  void noTimestampsHaveNoMedian() {
    assertThrows(IllegalArgumentException.class, () -> MedianTimePast.of(List.of()));
  }

  @ParameterizedTest(name = "t={0} mtp={1} now={2} max={3} -> {4}")
  @CsvSource({
      "1001, 1000, 5000, 100,  OK",
      "1000, 1000, 5000, 100,  TIME_TOO_OLD",   // equal to the median is not above it
      "999,  1000, 5000, 100,  TIME_TOO_OLD",
      "5100, 1000, 5000, 100,  OK",             // exactly at the future limit
      "5101, 1000, 5000, 100,  TIME_TOO_NEW",
      "5000, 1000, 5000, 0,    OK",             // no allowance: now itself is fine
      "5001, 1000, 5000, 0,    TIME_TOO_NEW",
      "2000, 1000, 900000, 100, OK",            // far behind the clock is fine above the median
      "5,    9000, 0,    0,    TIME_TOO_OLD",   // both wrong: too old is said first
  })
  void timestampRule(long timestamp, long mtp, long now, long maxFuture, TimestampVerdict verdict) {
    assertEquals(verdict, MedianTimePast.check(timestamp, mtp, now, maxFuture));
  }

  @Test
  void everyVerdictSaysWhy() {
    for (TimestampVerdict v : TimestampVerdict.values()) {
      assertEquals(false, v.meaning().isBlank(), v.name());
    }
    assertEquals("its timestamp is not above the median time past of its parent",
        TimestampVerdict.TIME_TOO_OLD.meaning());
  }
}
