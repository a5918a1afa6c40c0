package dev.meshledger.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.meshledger.config.ChainSpec.Bft;
import dev.meshledger.config.ChainSpec.Consensus;
import dev.meshledger.config.ChainSpec.Pow;
import dev.meshledger.config.ChainSpec.PowerFrom;
import dev.meshledger.config.ChainSpec.Validator;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.ledger.AccountId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a chain spec strictly: unknown keys, keys given twice, wrong types and values out of
 * range are each refused with a {@link ConfigException} naming the exact key path. Numbers
 * must be written as integers ({@code 1e3} and {@code 5.0} are refused: a double cannot hold
 * every {@code long}, and a consensus value must mean one thing).
 */
final class ChainSpecParser {
  /** The key named by errors about the document as a whole (it is the node config key of the file). */
  static final String DOCUMENT = "chain.spec";
  /** As {@code TransferBytes.MAX_CHAIN_ID_BYTES}: the chain id is signed into every transfer. */
  static final int MAX_CHAIN_ID_BYTES = 64;
  /** An hour: any longer block time or timeout is a typo for seconds or minutes. */
  static final long MAX_MILLIS = 3_600_000;
  /** Keeps ASERT's fixed-point arithmetic (half-life in ms times 2^16) far inside a long. */
  static final long MAX_HALF_LIFE_BLOCKS = 1_000_000;
  /** CometBFT's MaxTotalVotingPower: room for the proposer-priority arithmetic. */
  static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;

  private static final List<String> TOP = List.of("chainId", "consensus", "alloc", "blockReward", "validators");
  private static final List<String> POW = List.of("engine", "difficultyBits", "targetBlockMillis", "halfLifeBlocks");
  private static final List<String> BFT = List.of("engine", "blockPeriodMs", "timeoutProposeMs", "timeoutPrevoteMs",
      "timeoutPrecommitMs", "powerFrom", "maxValidators");
  private static final List<String> VALIDATOR = List.of("id", "power");

  private ChainSpecParser() {}

  static ChainSpec parse(String json) {
    if (json == null) {
      throw new ConfigException(DOCUMENT, "no text");
    }
    rejectDuplicateKeys(json);
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (RuntimeException e) {
      throw new ConfigException(DOCUMENT, "expected a JSON object");
    }
    rejectUnknown(root, "", TOP);
    String chainId = chainId(root);
    Consensus consensus = consensus(object(root, "", "consensus", true));
    TreeMap<AccountId, Long> alloc = alloc(object(root, "", "alloc", false));
    long blockReward = number(root, "", "blockReward", null, 0, Long.MAX_VALUE);
    List<Validator> validators = validators(root, consensus);
    return new ChainSpec(chainId, consensus, alloc, blockReward, validators);
  }

  private static String chainId(JsonObject root) {
    Object v = present(root, "", "chainId");
    if (!(v instanceof String s)) {
      throw new ConfigException("chainId", "expected a string, got " + ConfigReader.describe(v));
    }
    int bytes = s.getBytes(StandardCharsets.UTF_8).length;
    if (s.isBlank() || bytes > MAX_CHAIN_ID_BYTES) {
      throw new ConfigException("chainId", "must be 1-" + MAX_CHAIN_ID_BYTES + " bytes of UTF-8, not blank, got \"" + s + "\"");
    }
    return s;
  }

  private static Consensus consensus(JsonObject c) {
    Object engine = present(c, "consensus.", "engine");
    if (Pow.ENGINE.equals(engine)) {
      rejectUnknown(c, "consensus.", POW);
      int bits = (int) number(c, "consensus.", "difficultyBits", (long) Pow.DEFAULT_DIFFICULTY_BITS, 0,
          ChainParams.MAX_DIFFICULTY_BITS);
      if (!c.containsKey("targetBlockMillis")) {
        // no target block time: the difficulty stays at the initial target (no ASERT)
        if (c.containsKey("halfLifeBlocks")) {
          throw new ConfigException("consensus.halfLifeBlocks", "needs consensus.targetBlockMillis (without it the"
              + " difficulty is fixed and nothing retargets)");
        }
        return new Pow(bits, 0, 0);
      }
      return new Pow(bits, number(c, "consensus.", "targetBlockMillis", null, 1, MAX_MILLIS),
          number(c, "consensus.", "halfLifeBlocks", Pow.DEFAULT_HALF_LIFE_BLOCKS, 1, MAX_HALF_LIFE_BLOCKS));
    }
    if (Bft.ENGINE.equals(engine)) {
      rejectUnknown(c, "consensus.", BFT);
      long period = number(c, "consensus.", "blockPeriodMs", Bft.DEFAULT_BLOCK_PERIOD_MS, 0, MAX_MILLIS);
      long propose = number(c, "consensus.", "timeoutProposeMs", Bft.DEFAULT_TIMEOUT_PROPOSE_MS, 1, MAX_MILLIS);
      long prevote = number(c, "consensus.", "timeoutPrevoteMs", Bft.DEFAULT_TIMEOUT_VOTE_MS, 1, MAX_MILLIS);
      long precommit = number(c, "consensus.", "timeoutPrecommitMs", Bft.DEFAULT_TIMEOUT_VOTE_MS, 1, MAX_MILLIS);
      Object from = present(c, "consensus.", "powerFrom");
      PowerFrom powerFrom = from instanceof String s ? PowerFrom.fromJson(s) : null;
      if (powerFrom == null) {
        throw new ConfigException("consensus.powerFrom", "expected \"spec\" or \"stake\", got " + ConfigReader.describe(from));
      }
      int maxValidators = (int) number(c, "consensus.", "maxValidators", (long) Bft.DEFAULT_MAX_VALIDATORS, 1,
          Commit.MAX_SIGNATURES);
      return new Bft(period, propose, prevote, precommit, powerFrom, maxValidators);
    }
    throw new ConfigException("consensus.engine", "expected \"pow\" or \"bft\", got " + ConfigReader.describe(engine));
  }

  private static TreeMap<AccountId, Long> alloc(JsonObject a) {
    TreeMap<AccountId, Long> out = new TreeMap<>();
    Map<AccountId, String> spelledAs = new HashMap<>();
    for (String name : a.fieldNames()) {
      String key = "alloc." + name;
      if (!AccountId.isHex(name)) {
        throw new ConfigException(key, "an account id is 64 hex digits");
      }
      AccountId id = AccountId.fromHex(name);
      long amount = number(a, "alloc.", name, null, 0, Long.MAX_VALUE);
      String before = spelledAs.putIfAbsent(id, name);
      if (before != null) {
        throw new ConfigException(key, "the same account as alloc." + before);
      }
      out.put(id, amount);
    }
    long total = 0;
    for (long amount : out.values()) {
      if (total > Long.MAX_VALUE - amount) {
        throw new ConfigException("alloc", "the total is more than " + Long.MAX_VALUE);
      }
      total += amount;
    }
    return out;
  }

  private static List<Validator> validators(JsonObject root, Consensus consensus) {
    JsonArray list;
    if (!root.containsKey("validators")) {
      list = new JsonArray();
    } else if (root.getValue("validators") instanceof JsonArray arr) {
      list = arr;
    } else {
      throw new ConfigException("validators", "expected a list, got " + ConfigReader.describe(root.getValue("validators")));
    }
    if (consensus instanceof Pow && !list.isEmpty()) {
      throw new ConfigException("validators", "only a bft chain has validators (consensus.engine is \"pow\")");
    }
    if (consensus instanceof Bft && list.isEmpty()) {
      throw new ConfigException("validators", "a bft chain needs at least one validator");
    }
    if (consensus instanceof Bft bft && list.size() > bft.maxValidators()) {
      throw new ConfigException("validators", list.size() + " validators, more than consensus.maxValidators ("
          + bft.maxValidators() + ")");
    }
    List<Validator> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    long total = 0;
    for (int i = 0; i < list.size(); i++) {
      String at = "validators[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject v)) {
        throw new ConfigException(at, "expected an object, got " + ConfigReader.describe(list.getValue(i)));
      }
      rejectUnknown(v, at + ".", VALIDATOR);
      Object id = present(v, at + ".", "id");
      if (!(id instanceof String s) || !AccountId.isHex(s)) {
        throw new ConfigException(at + ".id", "a node id is 64 hex digits, got " + ConfigReader.describe(id));
      }
      String nodeId = s.toLowerCase();
      Integer before = seen.putIfAbsent(nodeId, i);
      if (before != null) {
        throw new ConfigException(at + ".id", "already listed as validators[" + before + "]");
      }
      long power = number(v, at + ".", "power", 1L, 1, MAX_TOTAL_POWER);
      if (total > MAX_TOTAL_POWER - power) {
        throw new ConfigException("validators", "the total power is more than " + MAX_TOTAL_POWER);
      }
      total += power;
      out.add(new Validator(nodeId, power));
    }
    return out;
  }

  /** The value of a key that must be there (JSON null is a value, and a wrong one everywhere). */
  private static Object present(JsonObject o, String prefix, String name) {
    if (!o.containsKey(name)) {
      throw new ConfigException(prefix + name, "required");
    }
    return o.getValue(name);
  }

  private static JsonObject object(JsonObject o, String prefix, String name, boolean required) {
    if (!required && !o.containsKey(name)) {
      return new JsonObject();
    }
    Object v = present(o, prefix, name);
    if (!(v instanceof JsonObject obj)) {
      throw new ConfigException(prefix + name, "expected an object, got " + ConfigReader.describe(v));
    }
    return obj;
  }

  /** A whole number in [min, max]; {@code def} when absent, or required when {@code def} is null. */
  private static long number(JsonObject o, String prefix, String name, Long def, long min, long max) {
    String key = prefix + name;
    if (def != null && !o.containsKey(name)) {
      return def;
    }
    Object v = present(o, prefix, name);
    if (v instanceof BigInteger big) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + big);
    }
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
      throw new ConfigException(key, "expected a whole number, got " + ConfigReader.describe(v));
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static void rejectUnknown(JsonObject o, String prefix, List<String> known) {
    for (String name : o.fieldNames()) {
      if (!known.contains(name)) {
        throw new ConfigException(prefix + name, "unknown key (known keys: " + String.join(", ", known) + ")");
      }
    }
  }

  /**
   * JsonObject keeps the last of two equal keys without a word; in a spec that would silently
   * drop an allocation or a parameter, so a key given twice is refused, by its path.
   */
  private static void rejectDuplicateKeys(String json) {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      Deque<Set<String>> objects = new ArrayDeque<>();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT) {
          objects.push(new HashSet<>());
        } else if (t == JsonToken.END_OBJECT) {
          objects.pop();
        } else if (t == JsonToken.FIELD_NAME && !objects.peek().add(p.currentName())) {
          throw new ConfigException(pathOf(p.getParsingContext()), "given twice");
        }
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(DOCUMENT, "not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new ConfigException(DOCUMENT, "unreadable: " + e.getMessage());
    }
  }

  private static String pathOf(JsonStreamContext ctx) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      String part = c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName();
      if (path.length() > 0 && path.charAt(0) != '[') {
        path.insert(0, '.');
      }
      path.insert(0, part);
    }
    return path.toString();
  }

}
