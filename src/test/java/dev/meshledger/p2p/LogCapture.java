package dev.meshledger.p2p;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** What the P2P layer logs while a test runs, to check what an operator would read. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.meshledger.p2p");
  private final List<String> lines = new CopyOnWriteArrayList<>();

  LogCapture() {
    setName("test-capture");
    start();
    logger.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent e) {
    lines.add(e.getFormattedMessage());
  }

  /** True if a line holds every one of {@code parts}. */
  boolean has(String... parts) {
    return lines.stream().anyMatch(l -> {
      for (String p : parts) {
        if (!l.contains(p)) {
          return false;
        }
      }
      return true;
    });
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
