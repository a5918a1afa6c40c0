package dev.meshledger.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of dotted keys ({@code p2p.port}) from nested config JSON, each failing with a
 * {@link ConfigException} that names the key. Remembers which keys were read, so that a key
 * nobody reads (a typo) is reported instead of silently ignored.
 */
final class ConfigReader {
  private final JsonObject root;
  private final Set<String> known = new TreeSet<>();

  ConfigReader(JsonObject root) {
    this.root = root;
  }

  private Object raw(String key) {
    known.add(key);
    String[] parts = key.split("\\.");
    Object cur = root;
    for (String part : parts) {
      if (!(cur instanceof JsonObject obj) || !obj.containsKey(part)) {
        return null;
      }
      cur = obj.getValue(part);
    }
    return cur;
  }

  String string(String key, String def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException(key, "expected a string, got " + describe(v));
    }
    return s;
  }

  boolean has(String key) {
    return raw(key) != null;
  }

  boolean bool(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.trim().equals("true") || s.trim().equals("false"))) {
      return Boolean.parseBoolean(s.trim());
    }
    throw new ConfigException(key, "expected true or false, got " + describe(v));
  }

  int integer(String key, int def, int min, int max) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,12}")) {
      n = Long.parseLong(s.trim()); // from the environment every value is a string
    } else {
      throw new ConfigException(key, "expected a whole number, got " + describe(v));
    }
    if (n < min || n > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + n);
    }
    return (int) n;
  }

  List<String> strings(String key) {
    Object v = raw(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return List.copyOf(out);
    }
    if (!(v instanceof JsonArray arr)) {
      throw new ConfigException(key, "expected a list of strings, got " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof String s)) {
        throw new ConfigException(key, "expected a list of strings, found " + describe(o));
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }

  /** Fails on the first key in the file that no read asked for. */
  void rejectUnknown() {
    List<String> present = new ArrayList<>();
    collect(root, "", present);
    for (String key : present) {
      if (!known.contains(key)) {
        throw new ConfigException(key, "unknown key (known keys: " + String.join(", ", known) + ")");
      }
    }
  }

  private static void collect(JsonObject obj, String prefix, List<String> out) {
    for (String name : obj.fieldNames()) {
      Object v = obj.getValue(name);
      String key = prefix + name;
      if (v instanceof JsonObject child && !child.isEmpty()) {
        collect(child, key + ".", out);
      } else {
        out.add(key);
      }
    }
  }

  /** A JSON value as an error message shows it. */
  static String describe(Object v) {
    if (v instanceof JsonObject) {
      return "an object";
    }
    if (v instanceof JsonArray) {
      return "a list";
    }
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(v);
  }
}
