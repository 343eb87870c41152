package io.centinela.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout as rules: modules depend one way (connector -> analyzer -> rules), nothing on the serving path
 * reaches the tools, the training code or the test kit, and no two capability packages depend on each other.
 * It runs here because this module's class path holds every module's production classes.
 */
class ArchitectureTest {

    /** Production classes only: no test classes, no test jars (the connector's test harness is one). */
    private static final ImportOption PRODUCTION = new ImportOption() {
        private final ImportOption noTests = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(Location location) {
            return noTests.includes(location) && !location.contains("-tests.jar");
        }
    };

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(PRODUCTION).importPackages("io.centinela");
        // A rule over nothing passes by construction: make sure every module was imported.
        for (String p : new String[] {"io.centinela.event", "io.centinela.sigma", "io.centinela.yara",
                "io.centinela.fusion", "io.centinela.model.serve", "io.centinela.model.train", "io.centinela.kafka",
                "io.centinela.hec", "io.centinela.cli", "io.centinela.tools", "io.centinela.testkit"}) {
            assertTrue(classes.containPackage(p), "no classes imported from " + p);
        }
    }

    private static final String[] RULES_MODULE = {"io.centinela.event..", "io.centinela.sigma..", "io.centinela.yara.."};
    private static final String[] ANALYZER_MODULE = {"io.centinela.alert..", "io.centinela.text..",
            "io.centinela.model..", "io.centinela.fusion..", "io.centinela.baseline.."};
    private static final String[] CONNECTOR_MODULE = {"io.centinela.kafka..", "io.centinela.hec..",
            "io.centinela.config..", "io.centinela.secret..", "io.centinela.pipeline..", "io.centinela.correlation..",
            "io.centinela.risk.."};
    /** Not the product: nothing on the serving class path may depend on these. */
    private static final String[] OFF_SERVING_PATH = {"io.centinela.tools..", "io.centinela.bench..",
            "io.centinela.demo..", "io.centinela.testkit..", "io.centinela.model.train..", "io.centinela.model.eval..",
            "io.centinela.feedback.."};

    @Test
    void rulesDependOnNoOtherModule() {
        noClasses().that().resideInAnyPackage(RULES_MODULE)
                .should().dependOnClassesThat().resideInAnyPackage(concat(ANALYZER_MODULE, CONNECTOR_MODULE,
                        new String[] {"io.centinela.cli..", "io.centinela.tools.."}))
                .check(classes);
    }

    @Test
    void analyzerDependsOnlyOnRules() {
        noClasses().that().resideInAnyPackage(ANALYZER_MODULE)
                .should().dependOnClassesThat().resideInAnyPackage(concat(CONNECTOR_MODULE,
                        new String[] {"io.centinela.cli..", "io.centinela.tools.."}))
                .check(classes);
    }

    @Test
    void connectorDoesNotReachTheCli() {
        noClasses().that().resideInAnyPackage(CONNECTOR_MODULE)
                .should().dependOnClassesThat().resideInAnyPackage("io.centinela.cli..", "io.centinela.tools..")
                .check(classes);
    }

    @Test
    void servingCodeNeverReachesToolsTrainingOrTheTestKit() {
        noClasses().that().resideOutsideOfPackages(OFF_SERVING_PATH)
                .should().dependOnClassesThat().resideInAnyPackage(OFF_SERVING_PATH)
                .check(classes);
    }

    @Test
    void capabilityPackagesAreFreeOfCycles() {
        slices().matching("io.centinela.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modelSubpackagesAreFreeOfCycles() {
        slices().matching("io.centinela.model.(*)..").should().beFreeOfCycles().check(classes);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
