package dev.meshledger.p2p;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the address book ({@code peers.json}) and bans ({@code bans.json}) under the data dir
 * on a worker thread (no blocking on the event loop), each through a temporary file and an
 * atomic move, so a crash leaves the old or the new file, never half of one. Plain java.nio:
 * Vert.x's file system is closed by its own shutdown hook, and the book is saved on stop.
 */
final class PeerStore {
  private static final Logger log = LoggerFactory.getLogger(PeerStore.class);

  record Saved(JsonObject book, BanList bans) {}

  private final Vertx vertx;
  private final Path bookFile;
  private final Path banFile;
  private boolean dirty;
  /** The save running now, if any; and the one queued behind it for changes made meanwhile. */
  private Future<Void> inFlight;
  private Future<Void> followUp;

  PeerStore(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.bookFile = dataDir.resolve("peers.json");
    this.banFile = dataDir.resolve("bans.json");
  }

  Future<Saved> load() {
    return read(bookFile).compose(book -> read(banFile).map(bans -> new Saved(book, BanList.fromJson(bans))));
  }

  private Future<JsonObject> read(Path file) {
    return vertx.executeBlocking(() -> {
      if (!Files.exists(file)) {
        return new JsonObject();
      }
      try {
        return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        log.warn("{} is not valid JSON; starting without it", file);
        return new JsonObject();
      }
    });
  }

  void markDirty() {
    dirty = true;
  }

  /**
   * Writes the book and bans if they changed since the last save began. The returned future
   * completes once the state as of this call is on disk: when a save is already running (it
   * took the state before this call), one more follows it, shared by every caller meanwhile.
   */
  Future<Void> saveIfDirty(AddressBook book, BanList bans) {
    if (inFlight != null) {
      if (followUp == null) {
        followUp = inFlight.transform(ar -> {
          followUp = null;
          return saveIfDirty(book, bans);
        });
      }
      return followUp;
    }
    if (!dirty) {
      return Future.succeededFuture();
    }
    dirty = false;
    long now = System.currentTimeMillis();
    inFlight = write(bookFile, book.toJson())
        .compose(v -> write(banFile, bans.toJson(now)))
        .onFailure(e -> log.warn("saving the peer book failed: {}", e.getMessage()))
        .eventually(() -> {
          inFlight = null;
          return Future.succeededFuture();
        });
    return inFlight;
  }

  private Future<Void> write(Path file, JsonObject json) {
    String text = json.encodePrettily();
    return vertx.executeBlocking(() -> {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return null;
    });
  }
}
