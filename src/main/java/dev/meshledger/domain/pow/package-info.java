/**
 * Proof of work that retargets: the aserti3-2d difficulty algorithm, compact target bits, block
 * work and the median-time-past rule. Pure integer arithmetic, no clock and no I/O, so every rule
 * is pinned by table tests and the specification's published vectors.
 */
package dev.meshledger.domain.pow;
