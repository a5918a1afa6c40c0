package dev.meshledger.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.ledger.LedgerMessages.AccountQuery;
import dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer;
import dev.meshledger.bus.ledger.LedgerMessages.TemplateRequest;
import dev.meshledger.bus.ledger.LedgerMessages.Templates;
import dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted;
import dev.meshledger.bus.ledger.LedgerMessages.TransferIds;
import dev.meshledger.bus.ledger.LedgerMessages.TransferList;
import dev.meshledger.bus.ledger.LedgerMessages.TransferQuery;
import dev.meshledger.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's bus addresses, answered on the chain verticle's thread (the ledger reads the
 * chain's state, which only that thread touches). Queries about what is stored settle pending
 * writes first, as the chain's own queries do: nobody is told of a block that is not durable.
 */
final class LedgerEndpoints {
  private static final Logger log = LoggerFactory.getLogger(LedgerEndpoints.class);
  /** Transfers listed by a mempool query. */
  private static final int MEMPOOL_TOP = 100;
  /** How often the mempool drops transfers that waited past {@code mempool.expirySeconds}. */
  private static final long EXPIRY_CHECK_MS = 60_000;

  private final Vertx vertx;
  private final Ledger ledger;
  private final Runnable settle;

  LedgerEndpoints(Vertx vertx, Ledger ledger, Runnable settle) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.settle = settle;
  }

  /** The mempool follows the head, and the metrics count the block's transfers. */
  void onAdded(AddResult.Added added) {
    ledger.onAdded(added, System.currentTimeMillis());
    NodeMetrics metrics = NodeMetrics.of(vertx);
    metrics.blockTransfers(added.block().txCount());
    metrics.mempool(ledger.pendingCount(), ledger.pendingBytes());
  }

  void register() {
    vertx.setPeriodic(EXPIRY_CHECK_MS, id -> {
      int expired = ledger.expire(System.currentTimeMillis());
      if (expired > 0) {
        log.info("{} transfers expired from the mempool", expired);
        NodeMetrics.of(vertx).mempool(ledger.pendingCount(), ledger.pendingBytes());
      }
    });
    EventBus bus = vertx.eventBus();
    bus.<SubmitTransfer>localConsumer(Addresses.LEDGER_SUBMIT_TRANSFER, guarded(this::onSubmit));
    bus.<AccountQuery>localConsumer(Addresses.LEDGER_ACCOUNT, guarded(m -> {
      settle.run();
      m.reply(ledger.account(m.body().id(), m.body().proof()), Bus.LOCAL);
    }));
    bus.<TransferQuery>localConsumer(Addresses.LEDGER_TRANSFER, guarded(m -> {
      settle.run();
      ledger.transfer(m.body().id()).ifPresentOrElse(s -> m.reply(s, Bus.LOCAL),
          () -> m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no pending or included transfer " + m.body().id())));
    }));
    bus.localConsumer(Addresses.LEDGER_MEMPOOL, guarded(m -> m.reply(ledger.mempoolInfo(MEMPOOL_TOP), Bus.LOCAL)));
    bus.localConsumer(Addresses.LEDGER_SUPPLY, guarded(m -> {
      settle.run();
      m.reply(ledger.supply(), Bus.LOCAL);
    }));
    bus.<TransferIds>localConsumer(Addresses.LEDGER_PENDING,
        guarded(m -> m.reply(new TransferList(ledger.pending(m.body().ids())), Bus.LOCAL)));
    bus.<TemplateRequest>localConsumer(Addresses.LEDGER_TEMPLATE, guarded(m -> {
      TemplateRequest r = m.body();
      ledger.template(r.parent(), r.producer(), r.blocks(), r.evidence()).ifPresentOrElse(
          bodies -> m.reply(new Templates(bodies, ledger.ancestry(r.parent())), Bus.LOCAL),
          () -> m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no stored block " + r.parent() + " to build on")));
    }));
  }

  private void onSubmit(Message<SubmitTransfer> m) {
    SubmitTransfer s = m.body();
    Ledger.Submitted result = ledger.submit(s.transfer(), s.signatureChecked(), System.currentTimeMillis());
    NodeMetrics metrics = NodeMetrics.of(vertx);
    metrics.transferSubmitted(result.verdict().isAccepted() ? "ACCEPTED" : result.verdict().code(), s.fromPeer() != null);
    metrics.mempool(ledger.pendingCount(), ledger.pendingBytes());
    // the event before the answer: a block the submitter asks for next is built knowing the transfer
    if (result.isNew()) {
      vertx.eventBus().publish(Addresses.LEDGER_TRANSFER_ACCEPTED, new TransferAccepted(s.transfer(), s.fromPeer()),
          Bus.LOCAL);
    }
    m.reply(result.verdict(), Bus.LOCAL);
  }

  /** A failure inside a handler answers INTERNAL instead of leaving the asker to time out. */
  private static <T> io.vertx.core.Handler<Message<T>> guarded(Consumer<Message<T>> handler) {
    return m -> {
      try {
        handler.accept(m);
      } catch (RuntimeException e) {
        log.error("ledger request on {} failed", m.address(), e);
        m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", String.valueOf(e.getMessage())));
      }
    };
  }
}
