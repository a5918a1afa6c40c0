package dev.meshledger.wallet;

import dev.meshledger.wallet.ProofCheck.ProofFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wallet verify-proof}: a transfer's inclusion in a block, checked offline. */
@Command(name = "verify-proof", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {
        "Checks, offline, that a transfer is in a block: recomputes the block hash from the header fields (and "
            + "checks the producer's signature and the proof of work), recomputes the transfer id from its fields, "
            + "and checks the Merkle inclusion proof against the header's txRoot and txCount.",
        "Save the two answers first, from any node:",
        "  curl -s http://127.0.0.1:8001/api/transactions/ID > tx.json",
        "  curl -s http://127.0.0.1:8001/api/blocks/$(jq -r .blockHash tx.json) > block.json",
        "Prints 'ok: transfer ID is in block HASH at height H' (exit 0) or 'FAIL: why' on stderr (exit 1). "
            + "The result is as good as your trust in that block hash."})
final class VerifyProofCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Where "-" reads from; a field so tests can give it. */
  InputStream stdin = System.in;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--tx", required = true, paramLabel = "FILE",
      description = "the JSON of GET /api/transactions/{id} ('-' for stdin)")
  String tx;

  @Option(names = "--block", required = true, paramLabel = "FILE",
      description = "the JSON of GET /api/blocks/{hash} ('-' for stdin)")
  String block;

  @Override
  public Integer call() {
    if ("-".equals(tx) && "-".equals(block)) {
      throw WalletCommand.usage(spec, "only one of --tx and --block can be '-' (stdin)");
    }
    try {
      ProofCheck.Proven proven = ProofCheck.check(read("--tx", tx), read("--block", block));
      WalletCommand.out(spec, proven.line());
      return 0;
    } catch (ProofFailure e) {
      WalletCommand.progress(spec, "FAIL: " + e.getMessage());
      return WalletCommand.EXIT_FAILED;
    }
  }

  private JsonObject read(String option, String file) throws ProofFailure {
    String text;
    try {
      text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ProofFailure(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ProofFailure(option + ": " + file + " is not a JSON object");
    }
  }
}
