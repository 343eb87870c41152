package io.centinela.splunkapp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

import static io.centinela.splunkapp.AppConsistencyTest.none;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AppInspect-style checks on the BUILT package target/<app>-<version>.spl (runs in the integration-test phase, after
 * `package` wrote it), plus the content consistency checks repeated on what actually ships.
 */
@Tag("built-package")
class AppPackageIT {

    static AppTree pkg;
    static AppInspectChecks inspect;

    @BeforeAll
    static void load() throws IOException {
        pkg = AppTree.fromPackage(AppTree.builtPackage());
        inspect = new AppInspectChecks(pkg);
    }

    @Test
    void isAGzippedTarNamedAfterTheAppAndVersion() throws IOException {
        try (InputStream in = Files.newInputStream(AppTree.builtPackage())) {
            assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, in.readNBytes(2), "gzip magic");
        }
        String version = System.getProperty("centinela.version");
        assertEquals(pkg.appId() + "-" + version + ".spl", AppTree.builtPackage().getFileName().toString());
        assertEquals(System.getProperty("centinela.app.id", "centinela"), pkg.appId());
    }

    @Test
    void packagingOneFolderNoProhibitedFilesExactModes() {
        none(inspect.packaging());
        assertTrue(pkg.entries().stream().anyMatch(e -> e.directory() && e.name().equals(pkg.appId() + "/")),
                "the top-level folder itself is an entry (755)");
    }

    @Test
    void appConfIdsVersionLabelAndInstallState() {
        none(inspect.appConf(System.getProperty("centinela.version")));
    }

    @Test
    void fileNamesXmlMetadataLookupsReadmeLicense() {
        none(inspect.files());
    }

    @Test
    void fourIconsInTheirSizes() throws IOException {
        none(inspect.icons());
    }

    @Test
    void savedSearchesFollowTheSchedulingRules() {
        none(inspect.savedSearches());
    }

    @Test
    void shippedContentIsConsistent() throws IOException {
        AppChecks checks = new AppChecks(pkg);
        none(checks.confsParse());
        none(checks.macrosDefined());
        none(checks.eventtypesTagged());
        none(checks.viewsValid());
        none(checks.viewLinks());
        none(checks.splBalanced());
        none(checks.fieldsExist());
    }

    @Test
    void packageHoldsExactlyTheSourcesPlusIcons() throws IOException {
        AppTree src = AppTree.fromSource();
        List<String> expected = new java.util.ArrayList<>(src.files().keySet());
        expected.addAll(List.of("static/appIcon.png", "static/appIconAlt.png", "static/appIconAlt_2x.png", "static/appIcon_2x.png"));
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(pkg.files().keySet()));
        for (String path : src.files().keySet()) {
            if (!path.equals("default/app.conf")) {
                assertArrayEquals(src.files().get(path), pkg.files().get(path), path + " changed in packaging");
            }
        }
        assertTrue(pkg.text("default/app.conf").contains("version = " + System.getProperty("centinela.version")));
        assertTrue(!pkg.text("default/app.conf").contains("${"), "app.conf must be filtered");
    }
}
