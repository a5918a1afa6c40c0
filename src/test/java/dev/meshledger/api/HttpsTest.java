package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** http.tls.*: the API over HTTPS with EC and RSA keys in each PEM form; a wrong file stops the start naming the key. */
class HttpsTest {
  @TempDir
  Path dir;

  private static JsonObject tls(Path cert, Path key) {
    return new JsonObject().put("http", new JsonObject().put("tls",
        new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString())));
  }

  @ParameterizedTest
  @EnumSource(TestCerts.KeyForm.class)
  void servesStatusOverHttpsAndRefusesPlainHttp(TestCerts.KeyForm form) throws Exception {
    TestCerts certs = TestCerts.make(dir, form);
    try (ApiNode n = ApiNode.start("https-" + form.name().toLowerCase().replace('_', '-'),
        tls(certs.certPath, certs.keyPath), false)) {
      HttpClient https = HttpClient.newBuilder().sslContext(certs.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
      String url = n.url("/api/status");
      assertTrue(url.startsWith("https://"), url);
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(n.node.nodeId(), new JsonObject(r.body()).getString("nodeId"));
      // the dashboard and the bridge's info endpoint share the server
      assertEquals(200, https.send(HttpRequest.newBuilder(URI.create(n.url("/"))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(200, https.send(HttpRequest.newBuilder(URI.create(n.url("/eventbus/info"))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI plainUri = URI.create("http://127.0.0.1:" + n.node.httpPort() + "/api/status");
      assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(plainUri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()), "plain HTTP on the HTTPS port gets no answer");
    }
  }

  @Test
  void wrongFilesNameTheirKey() throws Exception {
    TestCerts a = TestCerts.make(dir, TestCerts.KeyForm.EC_PKCS8);
    TestCerts b = TestCerts.make(dir, TestCerts.KeyForm.RSA_TRADITIONAL);
    Path ecOther = dir.resolve("other-ec-key.pem");
    Files.writeString(ecOther, TestCerts.ecTraditional(TestCerts.keyPair(true)));
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "hello\n");
    Path missing = dir.resolve("missing.pem");
    Object[][] cases = {
        {a.certPath, missing, "http.tls.keyPath: " + missing + " does not exist"},
        {missing, a.keyPath, "http.tls.certPath: " + missing + " does not exist"},
        {a.certPath, ecOther, "http.tls.keyPath: " + ecOther + " is not the private key of the certificate"},
        {a.certPath, b.keyPath, "http.tls.keyPath: " + b.keyPath + " is a RSA key but the certificate"},
        {garbage, a.keyPath, "http.tls.certPath: " + garbage + " is not a PEM X.509 certificate"},
        {a.certPath, garbage, "http.tls.keyPath: " + garbage + " holds no unencrypted PEM private key"},
        {a.certPath, a.certPath, "http.tls.keyPath: " + a.certPath + " holds no unencrypted PEM private key"}};
    for (Object[] c : cases) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> ApiNode.config("tls-bad", tls((Path) c[0], (Path) c[1])), String.valueOf(c[2]));
      assertTrue(e.getMessage().startsWith((String) c[2]), "expected " + c[2] + "\n got " + e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
    JsonObject onlyCert = new JsonObject().put("http", new JsonObject().put("tls",
        new JsonObject().put("certPath", a.certPath.toString())));
    assertTrue(assertThrows(ConfigException.class, () -> ApiNode.config("tls-half", onlyCert)).getMessage()
        .startsWith("http.tls.keyPath: is needed with http.tls.certPath"));
  }
}
