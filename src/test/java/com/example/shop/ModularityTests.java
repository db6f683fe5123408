package com.example.shop;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages are modules: no cycles between them, and none reaches into another's
 * sub-packages ({@code catalog.web} is the catalog's own adapter, used by nobody else).
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(ShopApplication.class);

    @Test
    void theFeaturesAreTheModules() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
            .containsExactlyInAnyOrder("catalog", "live", "security", "storefront", "web");
    }

    @Test
    void modulesDependOnEachOtherOnlyThroughTheirTopLevelTypes() {
        modules.verify();
    }

}
