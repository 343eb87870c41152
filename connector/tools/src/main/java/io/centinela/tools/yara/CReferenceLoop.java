package io.centinela.tools.yara;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's reference: yara_ref.c (a minimal C scan loop over libyara, one YR_SCANNER per pthread, same flags),
 * compiled with gcc at bench time against the same libyara.so.9 the binding loaded.
 */
final class CReferenceLoop {

    private final Path binary;

    private CReferenceLoop(Path binary) {
        this.binary = binary;
    }

    /** Builds the reference in {@code workDir}; null (with the reason on stderr) when gcc is not available. */
    static CReferenceLoop build(Path workDir, String libyaraFile) throws IOException, InterruptedException {
        Path source = workDir.resolve("yara_ref.c");
        try (InputStream in = CReferenceLoop.class.getResourceAsStream("/yara-bench/yara_ref.c")) {
            if (in == null) {
                throw new IllegalStateException("yara_ref.c missing from the class path");
            }
            Files.write(source, in.readAllBytes());
        }
        Path binary = workDir.resolve("yara_ref");
        List<String> cmd = List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), libyaraFile, "-lpthread");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException noGcc) {
            System.err.println("centinela yara bench: gcc not found (" + noGcc.getMessage() + "); no C reference");
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.err.println("centinela yara bench: building the C reference failed: " + log);
            return null;
        }
        return new CReferenceLoop(binary);
    }

    /** Per-thread results of scanning {@code buffer} with {@code rules} for {@code seconds} on {@code threads}. */
    List<BenchResult.ThreadResult> run(Path rules, Path buffer, int threads, double seconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), rules.toString(), buffer.toString(),
                Integer.toString(threads), Double.toString(seconds)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor((long) seconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("C reference failed: " + out);
        }
        List<BenchResult.ThreadResult> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 8 && t[0].equals("thread")) {
                results.add(new BenchResult.ThreadResult(Long.parseLong(t[3]), Long.parseLong(t[5]), Long.parseLong(t[7])));
            }
        }
        if (results.size() != threads) {
            throw new IllegalStateException("C reference printed " + results.size() + " thread lines: " + out);
        }
        return results;
    }
}
