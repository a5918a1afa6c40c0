package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshledger.testing.TestNetwork;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium: live updates arrive over the event-bus bridge
 * without a reload. Skipped where /usr/bin/chromium is missing (.ci/run installs it).
 */
@Tag("integration")
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Generous: CI shares two cores with other builds; the wait ends as soon as the page shows it. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private TestNetwork net;
  private TestNetwork.Node node;
  private ChromeDriver driver;
  private Path profile;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium: apt-get install chromium chromium-driver");
    assumeTrue(Files.isExecutable(CHROMEDRIVER), "no /usr/bin/chromedriver: apt-get install chromium-driver");
    net = new TestNetwork(Files.createTempDirectory("meshledger-dashboard"));
    node = net.start("browser-node");
    profile = Files.createTempDirectory("meshledger-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1366,900", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aBlockAddedThroughTheApiAppearsLive() throws Exception {
    try {
      blockAppearsLive();
    } catch (Throwable t) {
      // What the page looked like and said, for whoever reads the failure.
      screenshot("dashboard-failure.png");
      driver.manage().logs().get(LogType.BROWSER).forEach(e -> System.err.println("browser: " + e));
      throw t;
    }
  }

  private void blockAppearsLive() throws Exception {
    driver.get(baseUrl() + "/");
    // The page re-renders its tables on every event: an element found may go stale at once.
    WebDriverWait wait = new WebDriverWait(driver, DEADLINE);
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(d -> "live".equals(d.findElement(By.id("conn")).getText()));
    wait.until(d -> "0".equals(d.findElement(By.id("height")).getText()));
    wait.until(d -> blockRow(d, 0));

    JsonObject block = post(baseUrl() + "/api/blocks", "{\"data\":\"seen in the browser\"}");
    String hash = block.getString("hash");

    // No reload: the row arrives over the bridge (ui.block-added), the height with ui.status.
    String[] row = wait.until(d -> blockRow(d, 1));
    assertEquals(hash, row[0]);
    assertTrue(row[1].contains("local"), row[1]);
    wait.until(d -> "1".equals(d.findElement(By.id("height")).getText()));
    assertEquals(hash, driver.findElement(By.id("tip")).getAttribute("title"));
    assertEquals(node.id(), driver.findElement(By.id("node-id")).getText());

    // The form posts through the same API.
    driver.findElement(By.id("data")).sendKeys("from the form");
    driver.findElement(By.id("add-button")).click();
    wait.until(d -> blockRow(d, 2));
    wait.until(d -> d.findElement(By.id("add-result")).getText().startsWith("added block #2"));
    wait.until(d -> d.findElements(By.cssSelector("#timeline .tl-row")).size() >= 2);

    // Two real nodes dial this one over TLS: each appears live (p2p.event.peer-connected, mirrored to ui.peer-connected).
    TestNetwork.Node first = net.start("peer-1", TestNetwork.options().seeds(node.address()));
    wait.until(d -> d.findElements(By.cssSelector("#peers tr")).size() == 1);
    assertTrue(driver.findElement(By.id("peers")).getText().contains(first.address()));
    TestNetwork.Node second = net.start("peer-2", TestNetwork.options().seeds(node.address()));
    wait.until(d -> d.findElements(By.cssSelector("#peers tr")).size() == 2);
    assertTrue(driver.findElement(By.id("peers")).getText().contains(second.address()));
    wait.until(d -> d.findElements(By.cssSelector("#graph circle")).size() == 3);
    wait.until(d -> "2".equals(d.findElement(By.id("peer-count")).getText()));

    driver.manage().window().setSize(new Dimension(1366, 1000));
    screenshot("dashboard.png");
    // A phone's width; tall, so the screenshot holds the whole page.
    driver.manage().window().setSize(new Dimension(390, 2200));
    wait.until(d -> d.findElement(By.id("blocks")).isDisplayed());
    screenshot("dashboard-phone.png");
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  /** The hash (full, from the title) and the text of the row for this height, or null while absent. */
  private static String[] blockRow(WebDriver d, long height) {
    for (WebElement r : d.findElements(By.cssSelector("#blocks tr"))) {
      if (String.valueOf(height).equals(r.getAttribute("data-height"))) {
        return new String[] {r.findElement(By.cssSelector("td.mono")).getAttribute("title"), r.getText()};
      }
    }
    return null;
  }

  private void screenshot(String name) throws Exception {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static JsonObject post(String url, String body) throws Exception {
    HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, res.statusCode(), res.body());
    return new JsonObject(res.body());
  }
}
