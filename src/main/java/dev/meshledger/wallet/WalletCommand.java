package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.wallet.WalletFile.WalletFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code java -jar node-fat.jar wallet ...}: the offline wallet commands. No node and no Vert.x
 * instance. {@code new}, {@code address}, {@code sign} and {@code verify-proof} never touch the
 * network; {@code transfer} and {@code balance} talk to a node's HTTP API, sending only signed
 * transfers. Exit codes (docs/architecture.md, "Command line and config"): 0 done, 2 a usage error
 * (picocli's own code), 1 the command failed (one line on stderr).
 */
@Command(name = "wallet", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE,
    description = {"Wallet keys and transfers. The secret key never leaves this process: transfers are signed here "
        + "and only the signed transfer is sent.", ""},
    subcommands = {WalletCommand.New.class, WalletCommand.Address.class, SignCommand.class, TransferCommand.class,
        StakeCommand.class, UnstakeCommand.class,
        BalanceCommand.class, VerifyProofCommand.class, CommandLine.HelpCommand.class})
public final class WalletCommand implements Callable<Integer> {
  /** A usage error: an unknown command or option, or one missing or malformed (picocli's default). */
  public static final int EXIT_USAGE = 2;
  /** The command failed: a file missing or malformed, a node unreachable or refusing, a proof not holding. */
  public static final int EXIT_FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** The command line (each command sets the exit code of a usage error), for {@code Main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new WalletCommand());
  }

  /** Runs {@code args} (what follows {@code wallet}) and returns the exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: new, address, sign, transfer, stake, unstake, balance or verify-proof");
  }

  @Command(name = "new", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE,
      description = "Makes a new wallet key, writes it to FILE (mode 0600, never overwriting) and prints its account id.")
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the new key")
    Path out;

    @Override
    public Integer call() {
      WalletKey key = WalletKey.generate();
      try {
        WalletFile.write(out, key);
      } catch (WalletFileException e) {
        return fail(spec, e);
      }
      spec.commandLine().getOut().println(key.account().toHex());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "address", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE,
      description = "Prints the account id of the wallet key in FILE, after checking the file.")
  static final class Address implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "a wallet file made by 'wallet new'")
    Path file;

    @Override
    public Integer call() {
      try {
        spec.commandLine().getOut().println(WalletFile.read(file).account().toHex());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (WalletFileException e) {
        return fail(spec, e);
      }
    }
  }

  static int fail(CommandSpec spec, WalletFileException e) {
    return fail(spec, e.getMessage());
  }

  /** One line on stderr naming the command and what went wrong; the exit code of a failure. */
  static int fail(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("meshledger: wallet " + spec.name() + ": " + message);
    err.flush();
    return EXIT_FAILED;
  }

  /** A result line on stdout (what a script reads). */
  static void out(CommandSpec spec, String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  /** A progress line on stderr (what a person reads). */
  static void progress(CommandSpec spec, String line) {
    spec.commandLine().getErr().println(line);
    spec.commandLine().getErr().flush();
  }

  /** A usage error (exit {@link #EXIT_USAGE}, with the command's usage). */
  static CommandLine.ParameterException usage(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  static AccountId account(CommandSpec spec, String option, String hex) {
    if (!AccountId.isHex(hex)) {
      throw usage(spec, option + " must be an account id (64 hex digits), got \"" + hex + "\"");
    }
    return AccountId.fromHex(hex);
  }

  static long nonNegative(CommandSpec spec, String option, long value) {
    if (value < 0) {
      throw usage(spec, option + " must not be negative, got " + value);
    }
    return value;
  }
}
