package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.testing.TestNetwork;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer book and bans on disk: what a node saved is what it finds after a restart. */
class PeerStoreTest {
  private static final String FIRST = "10.0.0.1:7001";
  private static final String LAST = "10.0.0.2:7001";

  @TempDir Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    TestNetwork.get(vertx.close(), 30);
  }

  @Test
  void theLastSaveAtStopIsWrittenEvenWhileAnEarlierSaveIsRunning() throws Exception {
    AddressBook book = new AddressBook(100, 1_000, new Random(1));
    BanList bans = new BanList();
    String banned = "b".repeat(64);
    // On one event loop, as in the network verticle: a periodic save starts, the book changes
    // while it runs, and then the node stops, asking for the final state to be saved.
    Promise<Void> stopped = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      PeerStore store = new PeerStore(vertx, dir);
      book.add(FIRST, null, "test", 0);
      store.markDirty();
      store.saveIfDirty(book, bans); // the tick's save, now on a worker thread
      book.add(LAST, null, "test", 0);
      bans.banId(banned, Long.MAX_VALUE);
      store.markDirty();
      Future<Void> last = store.saveIfDirty(book, bans); // what stop() does
      last.onComplete(stopped);
    });
    TestNetwork.get(stopped.future(), 30);

    Path peers = dir.resolve("peers.json");
    assertTrue(Files.exists(peers), "peers.json written by the time the stop's save completed");
    JsonObject saved = new JsonObject(Files.readString(peers));
    assertEquals(2, saved.getJsonArray("addresses").size(), "the final book, not the one the earlier save took: "
        + saved.encode());
    JsonObject savedBans = new JsonObject(Files.readString(dir.resolve("bans.json")));
    assertEquals(banned, savedBans.getJsonArray("bans").getJsonObject(0).getString("target"));

    // And a restart reads it back.
    PeerStore.Saved loaded = TestNetwork.get(new PeerStore(vertx, dir).load(), 30);
    AddressBook again = new AddressBook(100, 1_000, new Random(1));
    again.loadJson(loaded.book());
    assertTrue(again.get(FIRST) != null && again.get(LAST) != null);
    assertTrue(loaded.bans().isIdBanned(banned, System.currentTimeMillis()));
  }

  @Test
  void nothingIsWrittenWhenNothingChanged() {
    PeerStore store = new PeerStore(vertx, dir);
    Promise<Void> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v ->
        store.saveIfDirty(new AddressBook(100, 1_000, new Random(1)), new BanList()).onComplete(done));
    TestNetwork.get(done.future(), 30);
    assertTrue(!Files.exists(dir.resolve("peers.json")) && !Files.exists(dir.resolve("bans.json")));
  }

  private PeerStore.Saved load() {
    return TestNetwork.get(new PeerStore(vertx, dir).load(), 30);
  }

  @Test
  void theAllowListIsKeptOnlyOnceSetAndReadBack() throws Exception {
    assertTrue(load().allowlist().isEmpty(), "never set: the config's p2p.allowlist applies");
    List<String> ids = List.of("a".repeat(64), "b".repeat(64));
    TestNetwork.get(new PeerStore(vertx, dir).saveAllowlist(ids), 30);
    assertEquals(Optional.of(ids), load().allowlist());
    TestNetwork.get(new PeerStore(vertx, dir).saveAllowlist(List.of()), 30);
    assertEquals(Optional.of(List.of()), load().allowlist(), "[] set through the API is kept too (anyone)");
    assertFalse(Files.exists(dir.resolve("allowlist.json.tmp")), "written through a temporary file, moved in place");
  }

  @Test
  void unreadableBansOrAllowListStopTheStartNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("bans.json"), "{\"bans\": [");
    Throwable e = assertThrows(Throwable.class, this::load);
    assertTrue(String.valueOf(e.getMessage()).contains("bans.json") || String.valueOf(e.getCause()).contains("bans.json"),
        String.valueOf(e));
    Files.delete(dir.resolve("bans.json"));
    Files.writeString(dir.resolve("allowlist.json"), "[\"not-an-id\"]");
    e = assertThrows(Throwable.class, this::load);
    assertTrue(String.valueOf(e.getMessage()).contains("allowlist.json") && String.valueOf(e.getMessage()).contains("entry 0"),
        String.valueOf(e));
  }

  @Test
  void anUnreadablePeerBookIsOnlyAWarning() throws Exception {
    Files.writeString(dir.resolve("peers.json"), "{half");
    assertEquals(0, load().book().size(), "starts with an empty book");
  }
}
