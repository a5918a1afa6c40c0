package dev.meshledger.p2p;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the address book ({@code peers.json}) and bans ({@code bans.json}) under the data dir
 * with Vert.x's async file system (no blocking on the event loop), each through a temporary
 * file and an atomic move, so a crash leaves the old or the new file, never half of one.
 */
final class PeerStore {
  private static final Logger log = LoggerFactory.getLogger(PeerStore.class);

  record Saved(JsonObject book, BanList bans) {}

  private final FileSystem fs;
  private final String bookFile;
  private final String banFile;
  private boolean dirty;
  private boolean saving;

  PeerStore(Vertx vertx, Path dataDir) {
    this.fs = vertx.fileSystem();
    this.bookFile = dataDir.resolve("peers.json").toString();
    this.banFile = dataDir.resolve("bans.json").toString();
  }

  Future<Saved> load() {
    return read(bookFile).compose(book -> read(banFile).map(bans -> new Saved(book, BanList.fromJson(bans))));
  }

  private Future<JsonObject> read(String file) {
    return fs.exists(file).compose(exists -> !exists ? Future.succeededFuture(new JsonObject())
        : fs.readFile(file).map(b -> {
          try {
            return b.toJsonObject();
          } catch (RuntimeException e) {
            log.warn("{} is not valid JSON; starting without it", file);
            return new JsonObject();
          }
        }));
  }

  void markDirty() {
    dirty = true;
  }

  Future<Void> saveIfDirty(AddressBook book, BanList bans) {
    if (!dirty || saving) {
      return Future.succeededFuture();
    }
    dirty = false;
    saving = true;
    long now = System.currentTimeMillis();
    return write(bookFile, book.toJson())
        .compose(v -> write(banFile, bans.toJson(now)))
        .onFailure(e -> log.warn("saving the peer book failed: {}", e.getMessage()))
        .eventually(() -> {
          saving = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> write(String file, JsonObject json) {
    String tmp = file + ".tmp";
    return fs.writeFile(tmp, Buffer.buffer(json.encodePrettily()))
        .compose(v -> fs.move(tmp, file, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }
}
