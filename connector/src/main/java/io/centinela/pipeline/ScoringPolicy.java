package io.centinela.pipeline;

import io.centinela.event.EventKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which events of a chunk the model scores when it cannot keep up on CPU: all; only some kinds; or events with a
 * rule hit first, then others up to a per-chunk budget. A rule hit is alerted whether scored or not.
 */
public record ScoringPolicy(Mode mode, Set<EventKind> kinds, int budget) {

    public enum Mode { ALL, KINDS, RULE_HITS_FIRST, NONE }

    public static ScoringPolicy parse(String mode, List<String> kinds, int budget) {
        Mode m = Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
        Set<EventKind> ks = kinds.stream().map(k -> EventKind.valueOf(k.toUpperCase(Locale.ROOT)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new ScoringPolicy(m, ks, budget);
    }

    public static ScoringPolicy all() {
        return new ScoringPolicy(Mode.ALL, Set.of(), 0);
    }

    /** Indexes of the chunk's events to score; {@code hasRuleHit[i]} tells whether event i had a Sigma/YARA hit. */
    public List<Integer> select(List<EventKind> eventKinds, boolean[] hasRuleHit) {
        List<Integer> out = new ArrayList<>();
        switch (mode) {
            case NONE -> { }
            case ALL -> {
                for (int i = 0; i < eventKinds.size(); i++) {
                    out.add(i);
                }
            }
            case KINDS -> {
                for (int i = 0; i < eventKinds.size(); i++) {
                    if (kinds.contains(eventKinds.get(i))) {
                        out.add(i);
                    }
                }
            }
            case RULE_HITS_FIRST -> {
                int others = 0;
                for (int i = 0; i < eventKinds.size(); i++) {
                    if (hasRuleHit[i]) {
                        out.add(i);
                    }
                }
                for (int i = 0; i < eventKinds.size() && others < budget; i++) {
                    if (!hasRuleHit[i]) {
                        out.add(i);
                        others++;
                    }
                }
                out.sort(null);
            }
        }
        return out;
    }
}
