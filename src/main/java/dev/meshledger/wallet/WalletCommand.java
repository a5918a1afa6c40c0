package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.wallet.WalletFile.WalletFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar node-fat.jar wallet ...}: the offline wallet commands. No node and no Vert.x
 * instance: they read and write a key file and print. Exit codes: 0 done, 64 a usage error (as
 * the node's own command line, sysexits EX_USAGE), 1 the command failed (one line on stderr).
 */
@Command(name = "wallet", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE,
    description = "Offline wallet commands: the key never leaves this machine.",
    subcommands = {WalletCommand.New.class, WalletCommand.Address.class, CommandLine.HelpCommand.class})
public final class WalletCommand implements Callable<Integer> {
  /** A usage error: an unknown command or option, or one missing (sysexits EX_USAGE, as {@code Main}). */
  public static final int EXIT_USAGE = 64;
  /** The command failed: a file missing, unreadable, malformed or already there. */
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
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: new or address");
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

  private static int fail(CommandSpec spec, WalletFileException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("meshledger: wallet " + spec.name() + ": " + e.getMessage());
    err.flush();
    return EXIT_FAILED;
  }
}
