package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.SignerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The validator's "last signed" guard on disk ({@code DIR/signer-state.json}, CometBFT's
 * priv_validator_state.json): written and synced before every signature, so after {@code kill -9} the
 * node never signs a second, different message for a height/round/step it may have signed. Blocking:
 * only ever called on the reactor's signing thread.
 */
final class SignerFile {
  private final Path file;

  SignerFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** The state last saved; {@link SignerState#INITIAL} when there is none. A damaged file stops the node. */
  SignerState load() throws IOException {
    if (!Files.exists(file)) {
      return SignerState.INITIAL;
    }
    String text = Files.readString(file);
    try {
      return SignerState.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is damaged (" + e.getMessage() + "): the validator will not sign without"
          + " knowing what it signed last; restore the file or, if you are sure nothing was signed at the heights"
          + " it names, delete it", e);
    }
  }

  /** Writes {@code s} durably: a synced temporary file renamed over the old one, then the directory synced. */
  void save(SignerState s) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(s.toBytes());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
