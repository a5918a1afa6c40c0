package dev.meshledger.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The wallet commands run in-process through picocli, as {@code java -jar node-fat.jar wallet ...} runs them. */
class WalletCommandTest {
  @TempDir Path dir;

  /** One run: its exit code and what it printed. */
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = WalletCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void newWritesAnOwnerOnlyKeyThatSignsTransfersAndAddressPrintsItsAccount() throws Exception {
    Path file = dir.resolve("alice.json");
    Run made = run("new", "--out", file.toString());
    assertEquals(0, made.code(), made.err());
    assertEquals("", made.err());
    String account = made.out().strip();
    assertTrue(AccountId.isHex(account), made.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    String text = Files.readString(file);
    JsonObject json = new JsonObject(text);
    assertEquals("meshledger-wallet", json.getString("type"));
    assertEquals(1, json.getInteger("version"));
    assertEquals(account, json.getString("account"));
    assertFalse(made.out().contains(json.getString("secretKey")), "the secret is never printed");

    WalletKey key = WalletFile.read(file);
    Transfer t = key.transfer("test-net", WalletKey.generate().account(), 5, 1, 0);
    assertTrue(Transfers.verify(t), "the stored key signs transfers the ledger accepts");
    assertEquals(account, t.from().toHex());

    Run address = run("address", file.toString());
    assertEquals(0, address.code(), address.err());
    assertEquals(account + System.lineSeparator(), address.out());
  }

  @Test
  void newRefusesToOverwriteAnExistingFile() throws Exception {
    Path file = Files.writeString(dir.resolve("taken.json"), "precious");
    Run r = run("new", "--out", file.toString());
    assertEquals(WalletCommand.EXIT_FAILED, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("already exists") && r.err().contains(file.toString()), r.err());
    assertEquals("precious", Files.readString(file), "the existing file is untouched");
  }

  @Test
  void addressOfAMissingFileSaysSo() {
    Path missing = dir.resolve("nope.json");
    Run r = run("address", missing.toString());
    assertEquals(WalletCommand.EXIT_FAILED, r.code());
    assertEquals("", r.out());
    assertEquals("meshledger: wallet address: no wallet file at " + missing, r.err().strip());
  }

  @Test
  void addressOfGarbageSaysItIsNoWalletFile() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "this is not json {");
    Run r = run("address", garbage.toString());
    assertEquals(WalletCommand.EXIT_FAILED, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("is not a wallet file"), r.err());

    Path other = Files.writeString(dir.resolve("other.json"), "{\"type\":\"something-else\",\"version\":1}");
    Run o = run("address", other.toString());
    assertEquals(WalletCommand.EXIT_FAILED, o.code());
    assertTrue(o.err().contains("is not a wallet file"), o.err());
  }

  @Test
  void addressOfAFileWhoseSecretIsNotItsAccountRefusesWithoutShowingTheSecret() throws Exception {
    Path file = dir.resolve("w.json");
    assertEquals(0, run("new", "--out", file.toString()).code());
    JsonObject json = new JsonObject(Files.readString(file));
    String otherSecret = "11".repeat(32);
    json.put("secretKey", otherSecret);
    Path edited = Files.writeString(dir.resolve("edited.json"), json.encode());
    Run r = run("address", edited.toString());
    assertEquals(WalletCommand.EXIT_FAILED, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("does not match the account " + json.getString("account")), r.err());
    assertFalse(r.err().contains(otherSecret), "the secret is never printed");
  }

  @Test
  void aNewerFileVersionIsRefusedByName() throws Exception {
    Path file = Files.writeString(dir.resolve("v2.json"), "{\"type\":\"meshledger-wallet\",\"version\":2}");
    Run r = run("address", file.toString());
    assertEquals(WalletCommand.EXIT_FAILED, r.code());
    assertTrue(r.err().contains("unsupported wallet file version 2"), r.err());
  }

  @Test
  void usageErrorsExit2AndHelpExits0() {
    Run none = run();
    assertEquals(WalletCommand.EXIT_USAGE, none.code());
    assertTrue(none.err().contains("a subcommand is needed"), none.err());
    assertEquals(WalletCommand.EXIT_USAGE, run("send").code());
    assertEquals(WalletCommand.EXIT_USAGE, run("new").code(), "--out is required");
    assertEquals(WalletCommand.EXIT_USAGE, run("address").code(), "FILE is required");

    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Usage: wallet") && help.out().contains("new") && help.out().contains("address"),
        help.out());
  }

  @Test
  void signTakesAKindAndStakeAndUnstakeNameTheValidator() throws Exception {
    Path file = dir.resolve("staker.json");
    assertEquals(0, run("new", "--out", file.toString()).code());
    String validator = WalletKey.generate().account().toHex();
    Run signed = run("sign", "--key", file.toString(), "--to", validator, "--amount", "10", "--fee", "1", "--nonce", "0",
        "--chain-id", "pos-net", "--kind", "unstake");
    assertEquals(0, signed.code(), signed.err());
    JsonObject json = new JsonObject(signed.out().strip());
    assertEquals("unstake", json.getString("kind"));
    Transfer t = dev.meshledger.api.TransferJson.parse(json);
    assertEquals(dev.meshledger.domain.ledger.TxKind.UNSTAKE, t.kind());
    assertTrue(Transfers.verify(t));
    Run plain = run("sign", "--key", file.toString(), "--to", validator, "--amount", "10", "--fee", "1", "--nonce", "0",
        "--chain-id", "pos-net");
    assertFalse(new JsonObject(plain.out().strip()).containsKey("kind"), "a transfer by default, as before");
    Run bad = run("sign", "--key", file.toString(), "--to", validator, "--amount", "10", "--fee", "1", "--nonce", "0",
        "--chain-id", "pos-net", "--kind", "bond");
    assertEquals(WalletCommand.EXIT_USAGE, bad.code());
    assertTrue(bad.err().contains("--kind must be transfer, stake or unstake, got \"bond\""), bad.err());
    for (String cmd : new String[] {"stake", "unstake"}) {
      Run noValidator = run(cmd, "--key", file.toString(), "--amount", "1", "--node", "http://127.0.0.1:1");
      assertEquals(WalletCommand.EXIT_USAGE, noValidator.code(), cmd + " needs --validator");
      Run badValidator = run(cmd, "--key", file.toString(), "--validator", "xyz", "--amount", "1", "--node",
          "http://127.0.0.1:1");
      assertEquals(WalletCommand.EXIT_USAGE, badValidator.code());
      assertTrue(badValidator.err().contains("--validator must be an account id"), badValidator.err());
    }
  }
}
