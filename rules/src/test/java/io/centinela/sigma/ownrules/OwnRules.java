package io.centinela.sigma.ownrules;

import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.StandaloneMatches;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The project's shipped Sigma rules (class-path folder {@code sigma/}) and a helper to run them on JSON events. */
public final class OwnRules {

    private OwnRules() {
    }

    /** The folder the connector loads as built-in rules. */
    public static Path folder() {
        URL url = OwnRules.class.getClassLoader().getResource("sigma");
        if (url == null) {
            throw new IllegalStateException("class-path folder sigma/ missing: the shipped rules are not built");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Single-event rule files, one rule each (correlation files, with their base rules, are {@link #correlationFiles}). */
    public static List<Path> files() {
        return yml(false);
    }

    /** Files of {@code correlation/} folders: base rules and the correlations over them, several documents each. */
    public static List<Path> correlationFiles() {
        return yml(true);
    }

    private static List<Path> yml(boolean correlation) {
        try (Stream<Path> s = Files.walk(folder())) {
            return s.filter(p -> p.toString().endsWith(".yml"))
                    .filter(p -> p.toString().contains("/correlation/") == correlation).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoadResult load() {
        try {
            return new RuleLoader(LoadOptions.defaults()).load(List.of(folder()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipped rules as the service sees them: matches of base rules that only correlations count are dropped
     * ({@link StandaloneMatches}).
     */
    public static SigmaEvaluator standalone() {
        LoadResult r = load();
        return new StandaloneMatches(r.ruleSet(), CorrelationEngine.build(r, CorrelationOptions.defaults()));
    }

    /** Parses one JSON event the way the connector does (format detection + field mapping). */
    public static Event parse(String json) {
        try {
            return new EventParser().parse(json.getBytes(StandardCharsets.UTF_8), new EventOrigin.File("sample", 1));
        } catch (EventRejectedException e) {
            throw new IllegalArgumentException("sample event rejected: " + e.getMessage(), e);
        }
    }

    /** Titles of the rules that fire on the event, sorted. */
    public static Set<String> titles(SigmaEvaluator rules, Event event) {
        return rules.evaluate(event).stream().map(SigmaMatch::title).collect(Collectors.toCollection(TreeSet::new));
    }
}
