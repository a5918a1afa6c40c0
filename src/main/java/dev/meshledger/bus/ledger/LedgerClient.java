package dev.meshledger.bus.ledger;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.ledger.LedgerMessages.AccountQuery;
import dev.meshledger.bus.ledger.LedgerMessages.MempoolInfo;
import dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer;
import dev.meshledger.bus.ledger.LedgerMessages.SupplyInfo;
import dev.meshledger.bus.ledger.LedgerMessages.TemplateRequest;
import dev.meshledger.bus.ledger.LedgerMessages.Templates;
import dev.meshledger.bus.ledger.LedgerMessages.TransferIds;
import dev.meshledger.bus.ledger.LedgerMessages.TransferList;
import dev.meshledger.bus.ledger.LedgerMessages.TransferQuery;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;

/**
 * The ledger (accounts, transfers, mempool), which the chain verticle owns, as the rest of the
 * node sees it. Failures carry the chain's code ({@link Bus#NOT_FOUND} for an unknown transfer).
 */
public final class LedgerClient {
  private final EventBus bus;

  public LedgerClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  public Future<TransferVerdict> submit(Transfer t, String fromPeer, boolean signatureChecked) {
    return bus.<TransferVerdict>request(Addresses.LEDGER_SUBMIT_TRANSFER, new SubmitTransfer(t, fromPeer, signatureChecked),
        Bus.LOCAL).map(Message::body);
  }

  public Future<AccountInfo> account(AccountId id, boolean proof) {
    return bus.<AccountInfo>request(Addresses.LEDGER_ACCOUNT, new AccountQuery(id, proof), Bus.LOCAL).map(Message::body);
  }

  /** Fails with {@link Bus#NOT_FOUND} when the transfer is neither pending nor on the best chain. */
  public Future<TransferStatus> transfer(Hash id) {
    return bus.<TransferStatus>request(Addresses.LEDGER_TRANSFER, new TransferQuery(id), Bus.LOCAL).map(Message::body);
  }

  public Future<MempoolInfo> mempool() {
    return bus.<MempoolInfo>request(Addresses.LEDGER_MEMPOOL, null, Bus.LOCAL).map(Message::body);
  }

  public Future<SupplyInfo> supply() {
    return bus.<SupplyInfo>request(Addresses.LEDGER_SUPPLY, null, Bus.LOCAL).map(Message::body);
  }

  public Future<List<BlockBody>> template(Hash parent, AccountId producer, int blocks) {
    return templates(parent, producer, blocks).map(Templates::bodies);
  }

  /** {@link #template} whose first body slashes what it may of {@code evidence} (proof of stake). */
  public Future<List<BlockBody>> template(Hash parent, AccountId producer, int blocks,
      List<dev.meshledger.domain.finality.DoubleSign> evidence) {
    return bus.<Templates>request(Addresses.LEDGER_TEMPLATE, new TemplateRequest(parent, producer, blocks, evidence),
        Bus.LOCAL).map(m -> m.body().bodies());
  }

  /** {@link #template}, with the parent's ancestry (what proof of work's bits and timestamps follow from). */
  public Future<Templates> templates(Hash parent, AccountId producer, int blocks) {
    return bus.<Templates>request(Addresses.LEDGER_TEMPLATE, new TemplateRequest(parent, producer, blocks), Bus.LOCAL)
        .map(Message::body);
  }

  /** The pending transfers among {@code ids}. */
  public Future<List<Transfer>> pending(List<Hash> ids) {
    return bus.<TransferList>request(Addresses.LEDGER_PENDING, new TransferIds(ids), Bus.LOCAL)
        .map(m -> m.body().transfers());
  }
}
