package io.centinela.pipeline;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delivery tests need events that deterministically raise an alert; they test the connector's guarantees, not
 * detection quality. This evaluator fires on a CommandLine containing "mimikatz" (shape of a real SigmaMatch).
 * The end-to-end test with the project's rules uses the real Sigma engine once merged.
 */
public final class StandInRules {

    private StandInRules() {
    }

    public static SigmaEvaluator mimikatzCommandLine() {
        return new SigmaEvaluator() {
            @Override
            public List<SigmaMatch> evaluate(Event event) {
                String cl = event.field("CommandLine");
                if (cl != null && cl.toLowerCase(Locale.ROOT).contains("mimikatz")) {
                    return List.of(new SigmaMatch("c0ffee00-0000-4000-8000-000000000001", "Mimikatz command line",
                            "high", "test", List.of("attack.credential_access", "attack.t1003.001"), "centinela tests",
                            List.of(), List.of("selection"), Map.of("CommandLine", cl)));
                }
                return List.of();
            }

            @Override
            public int ruleCount() {
                return 1;
            }
        };
    }

    public static AnalysisEngines engines() {
        return new AnalysisEngines(mimikatzCommandLine(), null, null,
                new io.centinela.fusion.AlertFusion(io.centinela.fusion.FusionPolicy.defaults()), 0, null);
    }
}
