package io.centinela.sigma.load;

import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.eval.EngineVersion;
import io.centinela.sigma.logsource.LogSourceMapping;

/**
 * How rules are loaded: the log-source mapping, the placeholder values for {@code expand} and the evaluation
 * code ({@link EngineVersion#CURRENT} unless a benchmark or the differential test asks for the reference).
 */
public record LoadOptions(LogSourceMapping mapping, Placeholders placeholders, EngineVersion engine) {

    public LoadOptions(LogSourceMapping mapping, Placeholders placeholders) {
        this(mapping, placeholders, EngineVersion.CURRENT);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(LogSourceMapping.builtIn(), Placeholders.NONE);
    }

    public LoadOptions withEngine(EngineVersion version) {
        return new LoadOptions(mapping, placeholders, version);
    }
}
