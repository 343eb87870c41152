package io.centinela.sigma.load;

import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.logsource.LogSourceMapping;

/** How rules are loaded: the log-source mapping and the placeholder values for {@code expand}. */
public record LoadOptions(LogSourceMapping mapping, Placeholders placeholders) {

    public static LoadOptions defaults() {
        return new LoadOptions(LogSourceMapping.builtIn(), Placeholders.NONE);
    }
}
