package dev.meshledger.wallet;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One in-process run of {@code wallet ...}: its exit code and what it printed. */
record WalletRun(int code, String out, String err) {
  static WalletRun of(String... args) {
    return withStdin(null, args);
  }

  /** With {@code stdin} as what {@code verify-proof} reads for "-". */
  static WalletRun withStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = WalletCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    if (stdin != null) {
      VerifyProofCommand verify = cmd.getSubcommands().get("verify-proof").getCommand();
      verify.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
    int code = cmd.execute(args);
    return new WalletRun(code, out.toString(), err.toString());
  }

  /** The last line of stdout, as a script's {@code | tail -n 1} reads it. */
  String lastLine() {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
