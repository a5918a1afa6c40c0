package dev.meshledger.p2p;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an allow-list: node ids, 64 hex digits each, kept in lower case and without repeats. */
final class Allowlists {
  private Allowlists() {}

  /** @throws IllegalArgumentException naming the first entry that is not a node id */
  static List<String> check(JsonArray ids) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Object o = ids.getValue(i);
      if (!(o instanceof String s) || !s.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException("entry " + i + " (" + o + ") is not a node id (64 hex digits)");
      }
      String id = s.toLowerCase(Locale.ROOT);
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
