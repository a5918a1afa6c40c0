package dev.meshledger.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the {@code -conf} file. vertx-config's file store reports broken JSON as "Failed to
 * decode" without saying where; this names the file, the line and the column.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** The file's JSON object; an empty file is an empty config. */
  public static JsonObject read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw ConfigException.file("config file " + file + " cannot be read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  static JsonObject parse(String name, String text) {
    if (text.isBlank()) {
      return new JsonObject();
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw ConfigException.file(name + " is not valid JSON" + where(e) + ": " + reason(e));
    }
    if (!(value instanceof JsonObject obj)) {
      throw ConfigException.file(name + " must hold a JSON object ({\"p2p\": {\"port\": 7001}}), not "
          + ConfigReader.describe(value));
    }
    return obj;
  }

  private static String where(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException j && j.getLocation() != null) {
      JsonLocation at = j.getLocation();
      return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return "";
  }

  /** Jackson's own words, without its "at [Source: ...]" tail. */
  private static String reason(DecodeException e) {
    String m = e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? "unreadable" : m.lines().findFirst().orElse("").trim();
  }
}
