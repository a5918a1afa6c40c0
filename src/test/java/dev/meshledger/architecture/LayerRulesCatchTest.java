package dev.meshledger.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule fails on a class deliberately put in the wrong layer (the {@code *WrongLayerFixture}
 * classes under src/test, one per forbidden import), and holds for the same packages without it:
 * a rule that matched nothing would pass everywhere and catch nothing.
 */
class LayerRulesCatchTest {
  static Stream<Arguments> rulesAndWhatTheyCatch() {
    return Stream.of(
        Arguments.of("api importing storage", LayerRules.API_ONLY_THROUGH_THE_BUS,
            "dev.meshledger.api.ApiWrongLayerFixture", List.of(dev.meshledger.storage.MemoryBlockStore.class)),
        Arguments.of("api importing storage", LayerRules.LAYERS,
            "dev.meshledger.api.ApiWrongLayerFixture", List.of(dev.meshledger.storage.MemoryBlockStore.class)),
        Arguments.of("network importing chain", LayerRules.NETWORK_NEVER_IMPORTS_CHAIN,
            "dev.meshledger.p2p.P2pWrongLayerFixture", List.of(dev.meshledger.chain.Chain.class)),
        Arguments.of("network importing chain", LayerRules.OWNERS_MEET_ON_THE_BUS,
            "dev.meshledger.p2p.P2pWrongLayerFixture", List.of(dev.meshledger.chain.Chain.class)),
        Arguments.of("domain importing Vert.x", LayerRules.DOMAIN_IS_PLAIN_JAVA,
            "dev.meshledger.domain.DomainWrongLayerFixture", List.of(dev.meshledger.codec.BlockCodec.class)),
        Arguments.of("domain importing codec", LayerRules.LAYERS,
            "dev.meshledger.domain.DomainWrongLayerFixture", List.of(dev.meshledger.codec.BlockCodec.class)),
        Arguments.of("storage importing the bus", LayerRules.STORAGE_IS_PLAIN,
            "dev.meshledger.storage.StorageWrongLayerFixture", List.of(dev.meshledger.bus.Bus.class)),
        Arguments.of("a cycle codec -> domain -> codec", LayerRules.NO_CYCLES,
            "dev.meshledger.domain.DomainWrongLayerFixture", List.of(dev.meshledger.codec.BlockCodec.class,
            dev.meshledger.domain.Block.class)),
        Arguments.of("a request outside the clients", LayerRules.REQUESTS_THROUGH_CLIENTS,
            "dev.meshledger.sync.SyncWrongLayerFixture", List.of(dev.meshledger.bus.Bus.class)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("rulesAndWhatTheyCatch")
  void theRuleCatchesAClassInTheWrongLayer(String what, ArchRule rule, String wrongName, List<Class<?>> others)
      throws Exception {
    // by name: the fixtures are package-private, like the classes they stand for
    Class<?> wrong = Class.forName(wrongName);
    ClassFileImporter importer = new ClassFileImporter();
    List<Class<?>> all = new ArrayList<>(others);
    all.add(wrong);
    JavaClasses with = importer.importClasses(all);
    EvaluationResult caught = rule.allowEmptyShould(true).evaluate(with);
    assertTrue(caught.hasViolation(), what + " passed " + rule.getDescription());
    assertTrue(caught.getFailureReport().toString().contains(wrong.getSimpleName()),
        "the report names the offender: " + caught.getFailureReport());

    JavaClasses without = importer.importClasses(others);
    assertEquals("", LayerRules.violations(without).strip(), "the other classes alone break no rule");
  }
}
