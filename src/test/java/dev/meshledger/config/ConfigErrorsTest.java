package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors that name their cause: the broken file with its line and column, the environment variable, the key. */
class ConfigErrorsTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "cut off after a comma       | '{\"node\": {\"name\": \"x\",\n'                        | 2 | 1",
      "missing comma               | '{\"node\": {\"name\": \"x\"}\n \"p2p\": {}}'             | 2 | 2",
      "trailing comma in a list    | '{\"p2p\": {\"seeds\": [\"a:1\",]}}'                     | 1 | 26",
      "a single-quoted string      | '{\n  \"node\": {\n    \"name\": ''x''}}'                 | 3 | 13",
      "unquoted key on line 4      | '{\n\n\n  node: 1}'                                     | 4 | 3"})
  void brokenJsonNamesTheFileLineAndColumn(String what, String text, int line, int column) throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, text.replace("\\n", "\n"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(file));
    String m = e.getMessage();
    assertTrue(m.startsWith(file + " is not valid JSON at line " + line + ", column " + column + ": "), what + ": " + m);
    assertNull(e.key());
    assertTrue(m.lines().count() == 1 && !m.contains("Source:"), "one line, without Jackson's source dump: " + m);
  }

  @Test
  void aFileThatIsNotAnObjectOrEmpty() throws Exception {
    Path file = dir.resolve("list.json");
    Files.writeString(file, "[1, 2]");
    assertEquals(file + " must hold a JSON object ({\"p2p\": {\"port\": 7001}}), not a list",
        assertThrows(ConfigException.class, () -> ConfigFile.read(file)).getMessage());
    Files.writeString(file, "  \n");
    assertEquals(new JsonObject(), ConfigFile.read(file));
    Files.writeString(file, "{\"p2p\": {\"port\": 7005}}");
    assertEquals(7005, NodeConfig.from(ConfigFile.read(file), new JsonObject()).p2pPort());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "P2P_PORT          | abc          | expected a whole number, got \"abc\"",
      "P2P_PORT          | 70000        | must be between 0 and 65535, got 70000",
      "HTTP_PORT         | 80a          | expected a whole number, got \"80a\"",
      "HTTP_PORT         | -1           | must be between 0 and 65535, got -1",
      "P2P_SEEDS         | a:1,nohost   | expected host:port",
      "P2P_HOST          | 'a b'        | expected a host name or IP address",
      "P2P_ADVERTISED_HOST | x/y        | expected a host name or IP address",
      "HTTP_HOST         | 'a b'        | expected a host name or IP address",
      "NODE_NAME         | 'no spaces please' | use 1-64 letters",
      "CHAIN_ID          | 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | must be 1-64 characters",
      "CHAIN_SPEC        | /no/such/spec.json | cannot read the chain spec",
      "HTTP_TLS_CERT_PATH | /no/such/cert.pem | does not exist or is not a readable file",
      "CLUSTER_CONFIG    | ' '          | expected the path"})
  void anEnvironmentOverrideThatIsWrongNamesTheVariable(String var, String value, String problem) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> NodeConfig.from(new JsonObject(), new JsonObject().put(var, value)));
    String m = e.getMessage();
    assertTrue(m.startsWith(var + "=" + value + ": "), m);
    assertTrue(m.contains(problem), m);
    assertTrue(m.endsWith("(" + var + " sets " + NodeConfig.ENV_KEYS.get(var) + ")"), m);
  }

  @Test
  void everyEnvironmentVariableIsCovered() {
    // the table above names each variable of NodeConfig.ENV_KEYS but HTTP_API_TOKEN (any string is a token)
    // and HTTP_TLS_KEY_PATH (next test); a new variable must get a row
    assertEquals(14, NodeConfig.ENV_KEYS.size(), "a new override variable: add it to the table above");
  }

  @Test
  void aTlsKeyFromTheEnvironmentThatIsMissingNamesItsVariable() throws Exception {
    Path cert = dir.resolve("c.pem");
    Files.writeString(cert, "not a certificate");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(
        new JsonObject().put("http", new JsonObject().put("tls", new JsonObject().put("certPath", cert.toString()))),
        new JsonObject().put("HTTP_TLS_KEY_PATH", "/no/such/key.pem")));
    assertTrue(e.getMessage().startsWith("HTTP_TLS_KEY_PATH=/no/such/key.pem: "), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist or is not a readable file"), e.getMessage());
  }

  @Test
  void aFileValueKeepsTheKeyName() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> NodeConfig.from(new JsonObject("{\"p2p\": {\"port\": \"abc\"}}"), new JsonObject()));
    assertEquals("p2p.port: expected a whole number, got \"abc\"", e.getMessage());
    assertEquals("p2p.port", e.key());
  }

  @Test
  void expensiveReadKeys() {
    NodeConfig d = NodeConfig.defaults();
    assertEquals(ApiOptions.DEFAULTS, d.api());
    NodeConfig c = NodeConfig.from(new JsonObject("{\"http\": {\"expensiveRateLimit\": 7, \"openExpensiveReads\": true}}"),
        new JsonObject());
    assertEquals(new ApiOptions(7, true, null, ApiOptions.DEFAULT_COMMIT_WAIT_MS, 8L << 20), c.api());
    assertTrue(assertThrows(ConfigException.class, () -> NodeConfig.from(
        new JsonObject("{\"http\": {\"expensiveRateLimit\": -1}}"), new JsonObject())).getMessage()
        .startsWith("http.expensiveRateLimit: must be between 0"));
  }
}
