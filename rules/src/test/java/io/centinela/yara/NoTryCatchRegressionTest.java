package io.centinela.yara;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM under scan load keeps handling its own SIGSEGV-based exceptions (implicit null checks, stack overflow,
 * safepoint polls) in other threads. Runs in a child JVM with a deadline, so a hang fails the test instead of
 * hanging CI. The negative control shows the test detects the bug: without SCAN_FLAGS_NO_TRYCATCH libyara 4.2.3
 * swaps the process's SIGSEGV handler and the child hangs (only SIGKILL ends it).
 */
class NoTryCatchRegressionTest {

    private static final int CHILD_SECONDS = 6;
    private static final int DEADLINE_SECONDS = 60;

    private record ChildResult(boolean finished, int exitCode, String output) {
    }

    private static ChildResult runChild(String mode, int deadlineSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("yara-child", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = mode == null
                ? List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ScanUnderLoadChild.class.getName(), Integer.toString(CHILD_SECONDS))
                : List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ScanUnderLoadChild.class.getName(), Integer.toString(CHILD_SECONDS), mode);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            boolean finished = p.waitFor(deadlineSeconds, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly(); // SIGKILL: a JVM hung this way ignores SIGTERM
                p.waitFor(30, TimeUnit.SECONDS);
            }
            return new ChildResult(finished, finished ? p.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void jvmKeepsHandlingItsOwnExceptionsDuringScans() throws Exception {
        ChildResult r = runChild(null, DEADLINE_SECONDS);
        if (!r.finished()) {
            fail("the child JVM hung under scan load (killed after " + DEADLINE_SECONDS + " s): " + r.output());
        }
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("CHILD-OK"), r.output());
    }

    @Test
    void negativeControlWithoutNoTryCatchHangs() throws Exception {
        ChildResult r = runChild("unsafe", CHILD_SECONDS + 20);
        assumeTrue(!r.finished() || r.exitCode() != 0,
                "negative control did not reproduce the libyara 4.2.3 signal-handler hang this time: " + r.output());
        assertTrue(!r.output().contains("CHILD-OK"), r.output());
    }
}
