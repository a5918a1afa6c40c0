package dev.meshledger.wallet;

import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.pow.CompactBits;
import dev.meshledger.api.BlockJson;
import dev.meshledger.api.TransferJson;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * That a transfer is in a block, checked with nothing but the two API answers: the transfer's
 * status ({@code GET /api/transactions/{id}}) and the block ({@code GET /api/blocks/{hash}}).
 * The block hash is recomputed from the header fields, the transfer id from the transfer's
 * fields, and the RFC 6962 proof is checked against the header's {@code txRoot} and
 * {@code txCount}. Trusting the block hash (from another node, an explorer, a friend) is then
 * enough to trust the inclusion.
 */
final class ProofCheck {
  private ProofCheck() {}

  /** Why a check failed, in one line. */
  static final class ProofFailure extends Exception {
    ProofFailure(String message) {
      super(message);
    }
  }

  /** What was proven. */
  record Proven(Hash transfer, Hash block, long height) {
    String line() {
      return "ok: transfer " + transfer.toHex() + " is in block " + block.toHex() + " at height " + height;
    }
  }

  static Proven check(JsonObject tx, JsonObject block) throws ProofFailure {
    BlockJson.Header header;
    try {
      header = BlockJson.header(block);
    } catch (IllegalArgumentException e) {
      throw new ProofFailure(e.getMessage());
    }
    Hash blockHash = header.computeHash();
    if (!blockHash.equals(header.claimedHash())) {
      throw new ProofFailure("the block's header fields hash to " + blockHash.toHex() + ", not to its \"hash\" "
          + header.claimedHash().toHex() + " (the header was changed)");
    }
    if (!Ed25519.verify(header.signed().producer(), header.signed().bytes(), header.signature())) {
      throw new ProofFailure("the block's signature is not its producer's");
    }
    int bits = header.signed().bits();
    // bits 0: a BFT block, no proof of work (its commit is what makes it final)
    if (bits != 0 && !CompactBits.target(bits).filter(t -> t.signum() > 0)
        .map(t -> PowRules.meets(blockHash.toBytes(), t)).orElse(false)) {
      throw new ProofFailure(String.format("the block's hash does not meet its target (bits 0x%08x)", bits));
    }

    if (!"included".equals(tx.getValue("status"))) {
      throw new ProofFailure("the transfer's status is " + tx.getValue("status") + ", not included: there is no proof yet");
    }
    Object claimedBlock = tx.getValue("blockHash");
    if (!(claimedBlock instanceof String s) || !Hash.isHex(s) || !Hash.fromHex(s.toLowerCase()).equals(blockHash)) {
      throw new ProofFailure("the transfer's blockHash " + claimedBlock + " is not this block (" + blockHash.toHex() + ")");
    }
    Object height = tx.getValue("height");
    if (!(height instanceof Number n) || n.longValue() != header.signed().height()) {
      throw new ProofFailure("the transfer's height " + height + " is not the block's (" + header.signed().height() + ")");
    }
    if (!(tx.getValue("transfer") instanceof JsonObject transferJson)) {
      throw new ProofFailure("the transaction has no \"transfer\" object");
    }
    Transfer transfer;
    try {
      transfer = TransferJson.parse(transferJson); // recomputes the id from the fields
    } catch (TransferJson.MalformedTransferException e) {
      throw new ProofFailure("the transfer: " + e.getMessage());
    }
    Object id = tx.getValue("id");
    if (!(id instanceof String idHex) || !Hash.isHex(idHex) || !Hash.fromHex(idHex.toLowerCase()).equals(transfer.id())) {
      throw new ProofFailure("the transaction's id " + id + " is not the id of its transfer's fields ("
          + transfer.id().toHex() + ")");
    }
    Merkle.Proof proof = proof(tx.getValue("proof"));
    Hash txRoot = header.signed().txRoot();
    int txCount = header.signed().txCount();
    if (proof.size() != txCount) {
      throw new ProofFailure("the proof is for a block of " + proof.size() + " transfers, the header says " + txCount);
    }
    if (!proof.verify(transfer.id(), txRoot, txCount)) {
      throw new ProofFailure("the Merkle proof does not lead from the transfer to the block's txRoot " + txRoot.toHex());
    }
    return new Proven(transfer.id(), blockHash, header.signed().height());
  }

  /** {@code {index, size, path: [hex...]}}, as {@code GET /api/transactions/{id}} gives it. */
  static Merkle.Proof proof(Object value) throws ProofFailure {
    if (!(value instanceof JsonObject p)) {
      throw new ProofFailure("the transaction has no \"proof\" object");
    }
    if (!(p.getValue("index") instanceof Integer index) || !(p.getValue("size") instanceof Integer size)
        || !(p.getValue("path") instanceof JsonArray path)) {
      throw new ProofFailure("the proof needs \"index\" and \"size\" (integers) and \"path\" (an array of hashes)");
    }
    List<Hash> hashes = new ArrayList<>(path.size());
    for (Object h : path) {
      if (!(h instanceof String s) || !Hash.isHex(s)) {
        throw new ProofFailure("the proof's path holds " + h + ", not a 64-hex-digit hash");
      }
      hashes.add(Hash.fromHex(s.toLowerCase()));
    }
    try {
      return new Merkle.Proof(index, size, hashes);
    } catch (IllegalArgumentException e) {
      throw new ProofFailure("the proof: " + e.getMessage());
    }
  }
}
