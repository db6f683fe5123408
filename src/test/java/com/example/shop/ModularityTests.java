package com.example.shop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages are modules: no cycles between them, and none reaches into another's
 * sub-packages ({@code catalog.web} is the catalog's own adapter, used by nobody else). And the
 * catalog is the domain: HTTP, its documentation and its mapping live in {@code catalog.web}.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(ShopApplication.class);

    @Test
    void theFeaturesAreTheModules() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
            .containsExactlyInAnyOrder("cart", "catalog", "inventory", "live", "ordering", "security", "storefront", "web");
    }

    @Test
    void modulesDependOnEachOtherOnlyThroughTheirTopLevelTypes() {
        modules.verify();
    }

    @Test
    void theCatalogKnowsNothingOfHttp() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.example.shop.catalog");
        noClasses().that().resideInAPackage("com.example.shop.catalog")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "org.springframework.web..",
                    "io.swagger..", "org.springdoc..", "jakarta.servlet..")
            .because("the catalog speaks the domain; catalog.web maps it to HTTP")
            .check(classes);
    }

}
