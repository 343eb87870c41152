package io.centinela.tools;

import io.centinela.model.eval.Evaluator;
import io.centinela.model.eval.OodEvaluation;
import io.centinela.model.eval.OodTable;
import io.centinela.model.metrics.BinaryMetrics;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OOD table of {@code eval} on small streams with the shipped model: ood/web's first 1,000 requests (500 warm
 * the baseline, 3 scanner probes among the measured) and the generator's background (3,000 of seed 7 warm up, 1,000
 * of seed 1414 measured).
 */
class OodStreamsTest {

    @Test
    void tablePrintsEveryStreamAndTheBaselineLowersAlertsOnTheSite() throws Exception {
        List<OodTable.Measured> m;
        try (ClassifierScorer scorer = ClassifierScorer.open(SharedData.defaultModel(),
                ScorerOptions.defaults().withPrecision(MergedModel.Precision.FP32))) {
            m = OodStreams.measure(scorer, SharedData.ml(), 1_000, 3_000);
        }
        assertEquals(2, m.size());
        OodEvaluation.StreamResult web = m.get(0).result();
        assertEquals(500, web.measured());
        assertEquals(3, web.suspectMeasured(), "lines 893-895 are scanner probes");
        assertEquals(Map.of("web", new OodEvaluation.DomainCount(497, web.alertsWithout(), web.alertsWith())),
                web.byDomain());
        assertTrue(web.alertsWithout() > 450, "the classifier flags nearly every request of the site: " + web);
        assertTrue(web.alertsWith() <= web.alertsWithout(), web.toString());
        OodEvaluation.StreamResult gen = m.get(1).result();
        assertEquals(1_000, gen.measured());
        assertEquals(java.util.Set.of("email", "web", "windows"), gen.byDomain().keySet());
        assertTrue(gen.alertsWith() <= gen.alertsWithout(), gen.toString());

        // the dev column: a web result of F1 1 and recall 1 shows on the web rows, "-" where no dev result is given
        BinaryMetrics bm = new BinaryMetrics(new double[] {0.9, 0.1}, new int[] {1, 0});
        String md = OodTable.render(m, Map.of("web", new Evaluator.DomainResult("web", bm, bm.at(0.5))));
        assertTrue(md.contains("| ood/web (first half warm-up) | web | 497 | " + String.format(java.util.Locale.ROOT,
                "%,d", web.alertsWithout())), md);
        assertTrue(md.contains("| demo background, seed 1414 (warm-up: seed 7) | windows |"), md);
        assertTrue(md.contains("| demo background, seed 1414 (warm-up: seed 7) | **all** | 1,000 |"), md);
        assertTrue(md.contains(" 1.0000 / 1.0000 |") && md.contains(" - |"), md);
        assertTrue(md.contains("Suspect requests alerted: " + web.suspectAlertsWithout() + " of 3"), md);
        assertTrue(md.contains("95% upper"), md);
    }

    @Test
    void aNonPositiveOodEventsIsRefusedBeforeAnythingIsScored() {
        io.centinela.testkit.ConsoleCapture.Captured c = io.centinela.testkit.ConsoleCapture.run(
                () -> io.centinela.cli.CentinelaCli.commandLine().execute("eval", "--ood-events", "0"));
        assertEquals(2, c.code(), c.transcript());
        assertTrue(c.err().contains("--ood-events must be >= 1 (or --no-ood)"), c.transcript());
    }
}
