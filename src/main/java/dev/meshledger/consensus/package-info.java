/**
 * Consensus engines. Each is pure rules first, {@code (state, event) -> (state, actions)}, with a thin
 * reactor on top (docs/architecture.md, "Where to add things"): what makes a block final stays a chain rule.
 */
package dev.meshledger.consensus;
