package dev.meshledger.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/**
 * The layer rules of docs/architecture.md, as ArchUnit rules. {@link LayerRulesTest} checks the
 * node's classes against them; {@link LayerRulesCatchTest} shows each one failing on a class put
 * in the wrong layer, so none of them can pass by matching nothing.
 */
final class LayerRules {
  static final String ROOT = "dev.meshledger";

  /** The concerns that own state and meet only on the event bus. */
  static final List<String> OWNERS = List.of("chain", "p2p", "sync", "gossip", "miner", "api", "consensus");

  private LayerRules() {}

  private static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  /**
   * Arrows point down only: Main and NodeVerticle on top, then the front ends (the API and the
   * wallet's command line, the testnet runner), then the reactors, then the chain and its store, then metrics, then
   * the bus contract, then the wire protocol, then configuration, then the domain (with its
   * crypto) at the bottom.
   */
  static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Node").definedBy(ROOT)
      .layer("Api").definedBy(pkg("api"), pkg("wallet"), pkg("testnet"))
      .layer("Reactors").definedBy(pkg("p2p"), pkg("sync"), pkg("gossip"), pkg("miner"), pkg("verify"),
          pkg("consensus"))
      .layer("Chain").definedBy(pkg("chain"), pkg("storage"), pkg("mempool"))
      .layer("Metrics").definedBy(pkg("metrics"))
      .layer("Bus").definedBy(pkg("bus"))
      .layer("Protocol").definedBy(pkg("wire"), pkg("codec"))
      .layer("Config").definedBy(pkg("config"))
      .layer("Domain").definedBy(pkg("domain"), pkg("crypto"), pkg("limits"))
      .whereLayer("Node").mayNotBeAccessedByAnyLayer()
      .whereLayer("Api").mayOnlyBeAccessedByLayers("Node")
      .whereLayer("Reactors").mayOnlyBeAccessedByLayers("Node", "Reactors")
      .whereLayer("Chain").mayOnlyBeAccessedByLayers("Node")
      .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Node", "Api", "Reactors", "Chain")
      .whereLayer("Bus").mayOnlyBeAccessedByLayers("Node", "Api", "Reactors", "Chain", "Metrics")
      .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Node", "Api", "Reactors", "Chain", "Metrics", "Bus")
      .whereLayer("Config").mayOnlyBeAccessedByLayers("Node", "Api", "Reactors", "Chain", "Metrics", "Bus", "Protocol")
      .as("layers: arrows point down only (docs/architecture.md, Layers)");

  /** No two top-level packages depend on each other, directly or round about. */
  static final ArchRule NO_CYCLES = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
      .as("no package cycles");

  /** The domain is plain Java: chain rules are unit-tested in milliseconds. */
  static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses().that().resideInAPackage(pkg("domain"))
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", pkg("codec"), pkg("wire"), pkg("bus"),
          pkg("storage"), pkg("chain"), pkg("p2p"), pkg("sync"), pkg("gossip"), pkg("api"), pkg("config"))
      .as("domain imports neither Vert.x nor codec, nor anything above it");

  /** The API asks over the bus; it never reaches into the store, the chain or the network. */
  static final ArchRule API_ONLY_THROUGH_THE_BUS = noClasses().that().resideInAPackage(pkg("api"))
      .should().dependOnClassesThat().resideInAnyPackage(pkg("storage"), pkg("chain"), pkg("p2p"), pkg("sync"),
          pkg("gossip"), pkg("miner"))
      .as("api never imports storage, p2p or chain internals");

  /** The network moves bytes between peers; what a block means is the chain's business. */
  static final ArchRule NETWORK_NEVER_IMPORTS_CHAIN = noClasses().that().resideInAPackage(pkg("p2p"))
      .should().dependOnClassesThat().resideInAnyPackage(pkg("chain"), pkg("storage"), pkg("sync"), pkg("gossip"),
          pkg("api"), pkg("miner"))
      .as("network never imports chain");

  /** The store is plain Java over RocksDB: no event loop, no knowledge of who asks. */
  static final ArchRule STORAGE_IS_PLAIN = noClasses().that().resideInAPackage(pkg("storage"))
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", pkg("bus"), pkg("api"), pkg("p2p"),
          pkg("sync"), pkg("gossip"), pkg("chain"))
      .as("storage imports neither Vert.x nor any concern above it");

  /** Owners meet on the bus: none imports another (each may use metrics, the bus and what lies below). */
  static final ArchRule OWNERS_MEET_ON_THE_BUS = noClasses()
      .that(DescribedPredicate.describe("belong to an owner", (JavaClass c) -> owner(c).isPresent()))
      .should(dependOnAnotherOwner())
      .as("owners (" + String.join(", ", OWNERS) + ") depend on the bus, never on each other");

  /** Request/reply goes through the typed clients in bus/: no address or timeout spelled elsewhere. */
  static final ArchRule REQUESTS_THROUGH_CLIENTS = noClasses().that().resideOutsideOfPackage(pkg("bus"))
      .should().callMethodWhere(DescribedPredicate.describe("EventBus.request",
          (JavaAccess<?> a) -> a.getTargetOwner().isAssignableTo(io.vertx.core.eventbus.EventBus.class)
              && a.getName().equals("request")))
      .as("request/reply only through the typed clients of bus/");

  static final List<ArchRule> ALL = List.of(LAYERS, NO_CYCLES, DOMAIN_IS_PLAIN_JAVA, API_ONLY_THROUGH_THE_BUS,
      NETWORK_NEVER_IMPORTS_CHAIN, STORAGE_IS_PLAIN, OWNERS_MEET_ON_THE_BUS, REQUESTS_THROUGH_CLIENTS);

  static Optional<String> owner(JavaClass c) {
    String p = c.getPackageName();
    return OWNERS.stream().filter(o -> p.equals(ROOT + "." + o) || p.startsWith(ROOT + "." + o + ".")).findFirst();
  }

  private static ArchCondition<JavaClass> dependOnAnotherOwner() {
    return new ArchCondition<>("depend on another owner") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String mine = owner(c).orElseThrow();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          Optional<String> theirs = owner(d.getTargetClass());
          if (theirs.isPresent() && !theirs.get().equals(mine)) {
            events.add(SimpleConditionEvent.satisfied(c, d.getDescription()));
          }
        }
      }
    };
  }

  /** Every rule's violations on these classes, one line each ("" when all hold). */
  static String violations(JavaClasses classes) {
    StringBuilder out = new StringBuilder();
    for (ArchRule r : ALL) {
      var result = r.allowEmptyShould(true).evaluate(classes);
      if (result.hasViolation()) {
        out.append(result.getFailureReport()).append('\n');
      }
    }
    return out.toString();
  }
}
