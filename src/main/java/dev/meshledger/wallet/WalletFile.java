package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * A wallet key on disk: {@code {"type":"meshledger-wallet","version":1,"account":HEX,"secretKey":HEX}}.
 * JSON so a user can see which account a file holds without the tool; {@code type} and
 * {@code version} so a later format (an encrypted one) can be told apart and refused clearly by
 * an older tool. The stored account is checked against the secret on every read, so a damaged
 * or hand-edited file never signs for an account it does not hold. Written owner-only (0600).
 */
public final class WalletFile {
  static final String TYPE = "meshledger-wallet";
  static final int VERSION = 1;
  private static final HexFormat HEX = HexFormat.of();

  private WalletFile() {}

  /** Why a wallet file could not be written or read; the message never holds the secret. */
  public static final class WalletFileException extends Exception {
    WalletFileException(String message) {
      super(message);
    }
  }

  /** Writes a new file, readable and writable by its owner only; never replaces an existing one. */
  public static void write(Path file, WalletKey key) throws WalletFileException {
    String json = new JsonObject()
        .put("type", TYPE)
        .put("version", VERSION)
        .put("account", key.account().toHex())
        .put("secretKey", HEX.formatHex(key.secretKey()))
        .encode() + "\n";
    try {
      // Created with 0600 from the start (CREATE_NEW is atomic): the secret is never readable by others.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new WalletFileException(file + " already exists: not overwriting it (choose another --out)");
    } catch (NoSuchFileException e) {
      throw new WalletFileException("cannot create " + file + ": its directory does not exist");
    } catch (AccessDeniedException e) {
      throw new WalletFileException("cannot create " + file + ": permission denied");
    } catch (IOException | UnsupportedOperationException e) {
      throw new WalletFileException("cannot create " + file + ": " + e.getMessage());
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WalletFileException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Reads and checks a wallet file: its type, version, and that the secret is the stored account's. */
  public static WalletKey read(Path file) throws WalletFileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WalletFileException("no wallet file at " + file);
    } catch (AccessDeniedException e) {
      throw new WalletFileException("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new WalletFileException("cannot read " + file + ": " + e.getMessage());
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new WalletFileException(file + " is not a wallet file (not a JSON object)");
    }
    if (!TYPE.equals(json.getValue("type"))) {
      throw new WalletFileException(file + " is not a wallet file (type is not \"" + TYPE + "\")");
    }
    if (!Integer.valueOf(VERSION).equals(json.getValue("version"))) {
      throw new WalletFileException(file + ": unsupported wallet file version " + json.getValue("version")
          + " (this tool reads version " + VERSION + ")");
    }
    AccountId stored = AccountId.isHex(string(json, "account"))
        ? AccountId.fromHex(string(json, "account")) : null;
    if (stored == null) {
      throw new WalletFileException(file + ": \"account\" is not 64 hex digits");
    }
    String secret = string(json, "secretKey");
    if (!AccountId.isHex(secret)) { // a secret key is 32 bytes, like an account id
      throw new WalletFileException(file + ": \"secretKey\" is not 64 hex digits");
    }
    WalletKey key = WalletKey.fromSecret(HEX.parseHex(secret.toLowerCase()));
    if (!key.account().equals(stored)) {
      throw new WalletFileException(file + ": the secret key does not match the account " + stored.toHex()
          + " (the file is damaged or was edited)");
    }
    return key;
  }

  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }
}
