package dev.consort.cli.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules, checked over the jars of the built distribution. */
class ArchitectureIT {

    private static final String[] PLUGIN_PACKAGES = {"dev.consort.backend..", "dev.consort.tools..",
            "dev.consort.context.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importBuiltJars() throws IOException {
        List<JarFile> jars;
        try (Stream<Path> s = Files.walk(Dist.home())) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).map(p -> {
                try {
                    return new JarFile(p.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importJars(jars).that(com.tngtech.archunit.base.DescribedPredicate.describe("Consort's own",
                        c -> c.getPackageName().startsWith("dev.consort")));
    }

    @Test
    void theSpiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.consort.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.consort.spi..")
                .check(classes);
    }

    @Test
    void theHttpClientDependsOnTheJdkAndTheSpiOnly() {
        classes().that().resideInAPackage("dev.consort.http..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "dev.consort.spi..",
                        "dev.consort.http..")
                .check(classes);
    }

    @Test
    void coreDependsOnNoPlugin() {
        noClasses().that().resideInAPackage("dev.consort.core..")
                .should().dependOnClassesThat().resideInAnyPackage(PLUGIN_PACKAGES)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.consort.cli..", "dev.consort.gateway..")
                .check(classes);
    }

    @Test
    void pluginsDependOnTheSpiNeverOnCoreOrTheCli() {
        noClasses().that().resideInAnyPackage(PLUGIN_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.consort.core..", "dev.consort.cli..",
                        "dev.consort.gateway..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void pluginsDoNotDependOnEachOther() {
        slices().matching("dev.consort.(backend|tools|context).(*)..").should().notDependOnEachOther()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theCliUsesOnlyCoresApiPackage() {
        noClasses().that().resideInAPackage("dev.consort.cli..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.consort.core..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.consort.core.api.."))))
                .check(classes);
    }

    /** The gateway sees Consort through its embedding API and the SPI's value types, like the CLI. */
    @Test
    void theGatewayUsesOnlyCoresApiPackageAndTheSpi() {
        classes().that().resideInAPackage("dev.consort.gateway..")
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideOutsideOfPackage("dev.consort..")
                        .or(JavaClass.Predicates.resideInAnyPackage("dev.consort.gateway..", "dev.consort.core.api..",
                                "dev.consort.spi..")))
                .check(classes);
    }

    @Test
    void noCyclesBetweenModules() {
        slices().matching("dev.consort.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * Core's implementation packages form no cycle. Its API package is the façade that assembles them
     * and whose types (calls, answers, failures) they return, so edges to and from it are the one
     * allowed exception.
     */
    @Test
    void noCyclesBetweenCoresInternalPackages() {
        DescribedPredicate<JavaClass> api = JavaClass.Predicates.resideInAPackage("dev.consort.core.api..");
        slices().matching("dev.consort.core.(*)..").should().beFreeOfCycles()
                .ignoreDependency(api, DescribedPredicate.alwaysTrue())
                .ignoreDependency(DescribedPredicate.alwaysTrue(), api)
                .check(classes);
    }

    @Test
    void onlyTheCliAndTheShellToolsWriteToTheStandardStreams() {
        noClasses().that().resideOutsideOfPackages("dev.consort.cli..", "dev.consort.tools.shell..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS).check(classes);
    }

    @Test
    void nobodyUsesJavaUtilLogging() {
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
    }
}
