package dev.meshledger.gossip;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.wire.Message;
import java.util.List;

/** What the transaction gossip core decides and {@link TxGossipVerticle} carries out. */
public sealed interface TxGossipAction {
  /** One message to one peer. */
  record Send(String peerId, Message message) implements TxGossipAction {}

  /** Ask the ledger which of these ids are pending; the answer goes to {@link TxGossip#onPending}. */
  record LookUp(String peerId, List<Hash> ids) implements TxGossipAction {}

  /** Check signatures off the event loop; each verdict goes to {@link TxGossip#onVerified}. */
  record Verify(String peerId, List<Transfer> transfers) implements TxGossipAction {}

  /** Submit to the ledger, signature already checked, as coming from the peer. */
  record Submit(String peerId, Transfer transfer) implements TxGossipAction {}

  record Penalize(String peerId, Offence offence, String detail) implements TxGossipAction {}
}
