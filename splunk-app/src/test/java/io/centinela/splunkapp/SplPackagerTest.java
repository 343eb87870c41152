package io.centinela.splunkapp;

import io.centinela.splunkapp.build.SplPackager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packager writes exact modes whatever the files on disk have, and refuses what AppInspect rejects. */
class SplPackagerTest {

    @Test
    void modesAreExactAndEntriesSortedUnderOneFolder(@TempDir Path tmp) throws IOException {
        Path app = tmp.resolve("myapp");
        Files.createDirectories(app.resolve("default"));
        Files.writeString(app.resolve("default/app.conf"), "[id]\nname = myapp\n");
        Files.writeString(app.resolve("README"), "x");
        Files.setPosixFilePermissions(app.resolve("README"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(app.resolve("default"), PosixFilePermissions.fromString("rwx------"));
        Path spl = tmp.resolve("out/myapp-1.0.0.spl");
        SplPackager.pack(app, spl);
        AppTree t = AppTree.fromPackage(spl);
        assertEquals(List.of("myapp/", "myapp/README", "myapp/default/", "myapp/default/app.conf"),
                t.entries().stream().map(AppTree.TarEntry::name).toList());
        assertEquals(List.of(0755, 0644, 0755, 0644), t.entries().stream().map(AppTree.TarEntry::mode).toList());
        assertEquals(List.of(), new AppInspectChecks(t).packaging());
        // Reproducible: the same input gives the same bytes.
        Path again = tmp.resolve("out/again.spl");
        SplPackager.pack(app, again);
        assertArrayEquals(Files.readAllBytes(spl), Files.readAllBytes(again));
    }

    @Test
    void refusesLocalDotFilesAndLocalMeta(@TempDir Path tmp) throws IOException {
        for (String bad : List.of("local/app.conf", "default/.hidden", "metadata/local.meta", "bin/x.pyc")) {
            Path app = tmp.resolve("a" + Math.abs(bad.hashCode())).resolve("myapp");
            Files.createDirectories(app.resolve(bad).getParent());
            Files.writeString(app.resolve(bad), "x");
            IOException e = assertThrows(IOException.class, () -> SplPackager.pack(app, tmp.resolve("x.spl")), bad);
            assertTrue(e.getMessage().contains("refusing to package"), e.getMessage());
        }
    }

    @Test
    void inspectionFlagsWrongModesAndSecondFolders() {
        AppTree bad = new AppTree("myapp", java.util.Map.of(), List.of(
                new AppTree.TarEntry("myapp/", 0755, true, false, 0),
                new AppTree.TarEntry("myapp/README", 0664, false, true, 1),
                new AppTree.TarEntry("other/x", 0644, false, true, 1)));
        assertEquals(List.of("myapp/README: mode 664, want 644", "other/x: outside the single top-level folder myapp/"),
                new AppInspectChecks(bad).packaging());
    }
}
