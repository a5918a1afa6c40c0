package dev.meshledger;

import dev.meshledger.crypto.NodeKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar node-fat.jar node-key --data-dir DIR}: prints the node id of
 * {@code DIR/node.key}, creating the key (mode 0600) when there is none, so that a chain spec can
 * name its validators before their nodes first start. No node is started.
 */
@Command(name = "node-key", exitCodeOnInvalidInput = NodeKeyCommand.EXIT_USAGE,
    description = "Print the node id of DIR/node.key, creating the key first if there is none.")
final class NodeKeyCommand implements Callable<Integer> {
  static final int EXIT_USAGE = 2;
  static final int EXIT_FAILED = 1;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "The node's data directory (node.dataDir); created if missing.")
  Path dataDir;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  /** Runs {@code args} (what follows {@code node-key}) and returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new NodeKeyCommand()).setOut(out).setErr(err);
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    try {
      Files.createDirectories(dataDir);
      NodeKey key = NodeKey.loadOrCreate(dataDir.resolve("node.key"));
      spec.commandLine().getOut().println(key.id());
      return 0;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("node-key: cannot read or create " + dataDir.resolve("node.key") + ": " + e.getMessage());
      return EXIT_FAILED;
    }
  }
}
