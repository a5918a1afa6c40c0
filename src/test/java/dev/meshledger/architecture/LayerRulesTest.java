package dev.meshledger.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node's own classes (not its tests) against every layer rule. Plain JUnit tests rather than
 * {@code @ArchTest} fields: Surefire 3.5.3 silently skips those.
 */
class LayerRulesTest {
  private static JavaClasses node;

  @BeforeAll
  static void importTheNode() {
    node = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(LayerRules.ROOT);
  }

  static Stream<ArchRule> rules() {
    return LayerRules.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theNodeKeepsTheRule(ArchRule rule) {
    rule.check(node);
  }
}
