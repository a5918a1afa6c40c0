package dev.meshledger.config;

/** A config value that the node cannot start with. The message names the key (or the file, or the variable). */
public final class ConfigException extends RuntimeException {
  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    this(key, problem, key + ": " + problem);
  }

  private ConfigException(String key, String problem, String message) {
    super(message);
    this.key = key;
    this.problem = problem;
  }

  /** A problem with the config file as a whole (not valid JSON, not an object): the message is the whole line. */
  public static ConfigException file(String message) {
    return new ConfigException(null, message, message);
  }

  /** The same problem, blamed on the environment variable {@code var=value} that set the key. */
  ConfigException fromEnv(String var, String value) {
    return new ConfigException(key, problem, var + "=" + value + ": " + problem + " (" + var + " sets " + key + ")");
  }

  /** The dotted key, or null for a problem with the file as a whole. */
  public String key() {
    return key;
  }

  /** What is wrong, without the key. */
  public String problem() {
    return problem;
  }
}
