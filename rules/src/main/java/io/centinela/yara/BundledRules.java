package io.centinela.yara;

import io.centinela.yara.compile.RuleSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The project's own rule files, shipped in the jar under {@code yara/} and listed in {@code yara/index.txt}. */
public final class BundledRules {

    public static final String NAMESPACE_PREFIX = "centinela/";

    private BundledRules() {
    }

    public static List<RuleSource> sources() {
        List<RuleSource> out = new ArrayList<>();
        for (String line : read("yara/index.txt").split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            byte[] text = read("yara/" + name).getBytes(StandardCharsets.UTF_8);
            String ns = NAMESPACE_PREFIX + name.replaceFirst("\\.yara?$", "");
            out.add(new RuleSource("classpath:yara/" + name, ns, text,
                    io.centinela.yara.compile.RuleImports.of(text)));
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = BundledRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled YARA resource " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled YARA resource " + resource, e);
        }
    }
}
