package dev.meshledger.p2p;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the address book ({@code peers.json}), bans ({@code bans.json}) and the operator's
 * allow-list ({@code allowlist.json}) under the data dir
 * on a worker thread (no blocking on the event loop), each through a temporary file and an
 * atomic move, so a crash leaves the old or the new file, never half of one. Plain java.nio:
 * Vert.x's file system is closed by its own shutdown hook, and the book is saved on stop.
 * A peer book that cannot be read is skipped with a warning (it is only a cache of addresses);
 * bans or an allow-list that cannot be read stop the node with an error naming the file: they
 * are the operator's policy, and starting without them would let in whom it keeps out.
 */
final class PeerStore {
  private static final Logger log = LoggerFactory.getLogger(PeerStore.class);

  /** @param allowlist the operator's allow-list, empty when none was ever set through the API */
  record Saved(JsonObject book, BanList bans, Optional<List<String>> allowlist) {}

  private final Vertx vertx;
  private final Path bookFile;
  private final Path banFile;
  private final Path allowFile;
  private boolean dirty;
  /** The save running now, if any; and the one queued behind it for changes made meanwhile. */
  private Future<Void> inFlight;
  private Future<Void> followUp;

  PeerStore(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.bookFile = dataDir.resolve("peers.json");
    this.banFile = dataDir.resolve("bans.json");
    this.allowFile = dataDir.resolve("allowlist.json");
  }

  Future<Saved> load() {
    return vertx.executeBlocking(() -> {
      JsonObject book = new JsonObject();
      if (Files.exists(bookFile)) {
        try {
          book = new JsonObject(Files.readString(bookFile, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          log.warn("{} is not valid JSON; starting without it", bookFile);
        }
      }
      BanList bans = Files.exists(banFile) ? policy(banFile, () -> BanList.fromJson(
          new JsonObject(Files.readString(banFile, StandardCharsets.UTF_8)))) : new BanList();
      Optional<List<String>> allow = Optional.empty();
      if (Files.exists(allowFile)) {
        allow = Optional.of(policy(allowFile, () -> Allowlists.check(
            new JsonArray(Files.readString(allowFile, StandardCharsets.UTF_8)))));
      }
      return new Saved(book, bans, allow);
    });
  }

  /** Reads a policy file; any failure names the file and what to do. */
  private static <T> T policy(Path file, Callable<T> read) {
    try {
      return read.call();
    } catch (Exception e) {
      throw new IllegalStateException(file + " cannot be read (" + e.getMessage()
          + "); fix or remove it (the node keeps no bans or allow-list it cannot read)", e);
    }
  }

  /** Writes the operator's allow-list now; the future completes once it is on disk. */
  Future<Void> saveAllowlist(List<String> ids) {
    return write(allowFile, new JsonArray(ids).encodePrettily());
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
    Future<Void> save = write(bookFile, book.toJson().encodePrettily())
        .compose(v -> write(banFile, bans.toJson(now).encodePrettily()))
        .onFailure(e -> log.warn("saving the peer book failed: {}", e.toString()));
    inFlight = save;
    // Cleared when done, before any follow-up's callback runs (registered first). A save that failed at once
    // (Vert.x closing) is done already: it must not stay "in flight", or the follow-up would call this again
    // and again on an already completed future (the StackOverflowError PeerStoreTest saw about 1 run in 3).
    save.onComplete(ar -> {
      if (inFlight == save) {
        inFlight = null;
      }
    });
    return save;
  }

  private Future<Void> write(Path file, String text) {
    return vertx.executeBlocking(() -> {
      // a temporary file of its own: no two writes can ever share one, whatever calls them
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return null;
    });
  }
}
