package io.centinela.pipeline;

import io.centinela.model.pkg.ModelPackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live-model layout: promote keeps the old package for rollback; a bad package moves no pointer. */
class LiveModelDirTest {

    @Test
    void promoteRollbackAndRefusals(@TempDir Path tmp) throws Exception {
        String vA = TestPackages.shippedVersion();
        Path pkgB = TestPackages.withVersion(tmp.resolve("b"), vA + "-b");
        LiveModelDir live = new LiveModelDir(Files.createDirectories(tmp.resolve("live")));
        assertFalse(LiveModelDir.isLive(live.dir()));
        assertThrows(ModelPackageException.class, live::rollback, "nothing promoted yet");

        LiveModelDir.Switch a = live.promote(TestPackages.shipped());
        assertTrue(LiveModelDir.isLive(live.dir()));
        assertEquals(vA, a.version());
        assertEquals(null, a.previous());
        ModelPackageException none = assertThrows(ModelPackageException.class, live::rollback);
        assertTrue(none.getMessage().contains("nothing to roll back to"), none.getMessage());

        LiveModelDir.Switch b = live.promote(pkgB);
        assertEquals(vA + "-b", b.version());
        assertEquals(Optional.of(a.live()), live.pointer(LiveModelDir.PREVIOUS));
        assertEquals(live.dir().resolve("packages").resolve(b.live()), live.current());

        // a tampered package is refused with the file named; neither pointer moves, nothing is copied in
        Path bad = TestPackages.withVersion(tmp.resolve("bad"), vA + "-bad");
        Files.writeString(bad.resolve("config.json"), Files.readString(bad.resolve("config.json")).replace("-bad", "-evil"));
        ModelPackageException refused = assertThrows(ModelPackageException.class, () -> live.promote(bad));
        assertTrue(refused.getMessage().contains("config.json"), refused.getMessage());
        assertEquals(Optional.of(b.live()), live.pointer(LiveModelDir.CURRENT));
        assertEquals(Optional.of(a.live()), live.pointer(LiveModelDir.PREVIOUS));
        try (var s = Files.list(live.dir().resolve("packages"))) {
            assertEquals(2, s.count(), "only the two promoted packages");
        }

        LiveModelDir.Switch back = live.rollback();
        assertEquals(vA, back.version());
        assertEquals(Optional.of(a.live()), live.pointer(LiveModelDir.CURRENT));
        assertEquals(Optional.of(b.live()), live.pointer(LiveModelDir.PREVIOUS));

        // the kept copy was modified since: rollback refuses and leaves A live
        Path keptB = live.dir().resolve("packages").resolve(b.live());
        Files.writeString(keptB.resolve("metrics.json"), "{}");
        assertThrows(ModelPackageException.class, live::rollback);
        assertEquals(Optional.of(a.live()), live.pointer(LiveModelDir.CURRENT));
    }
}
