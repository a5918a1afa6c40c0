/**
 * The pure core of Tendermint BFT (arXiv 1807.04938, Algorithm 1) with CometBFT's proposer selection and
 * its "last signed" guard. No I/O, no clock, no bus: the reactor feeds events and carries out the actions,
 * so every safety rule is a table-driven unit test.
 */
package dev.meshledger.consensus.bft;
