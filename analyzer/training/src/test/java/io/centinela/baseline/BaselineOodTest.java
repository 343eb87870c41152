package io.centinela.baseline;

import io.centinela.testkit.SharedData;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.eval.OodEvaluation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The out-of-distribution figure on a slice: the first 400 requests of the real site (200 warm the baseline,
 * 200 measured) and recall on a slice of the CSIC dev split with a baseline of CSIC's own normal traffic. The
 * full figures come from the same class on the whole files (docs/baseline.md).
 */
class BaselineOodTest {

    @Test
    void modelDrivenAlertsPer10kFallWithTheBaselineAndRecallHolds() throws Exception {
        OodEvaluation eval = new OodEvaluation(BaselineFixture.scorer());
        SiteBaseline.Settings settings = BaselineTest.SETTINGS;
        OodEvaluation.Prepared stream = eval.prepare(BaselineFixture.oodWeb(), BaselineFixture.OOD_EVENTS, null);
        OodEvaluation.StreamResult r = eval.stream(stream, 0.5, settings, FusionPolicy.defaults());
        assertEquals(200, r.measured());
        assertTrue(r.per10kWithout() > 9_000, "the classifier flags nearly every request of the site: " + r);
        assertTrue(r.alertsWith() <= 2, "with the baseline at most 2 of ~200 requests alert: " + r);
        assertTrue(r.baseline().chainProblem() == null && r.baseline().ledgerBatches() > 1);

        OodEvaluation.Prepared train = eval.prepare(SharedData.ml().resolve("web/train.jsonl"), 150,
                OodEvaluation::benign, false);
        OodEvaluation.Prepared dev = eval.prepare(SharedData.ml().resolve("web/dev.jsonl"), 120,
                OodEvaluation::threatEval, true);
        OodEvaluation.RecallResult rr = eval.labelled("web", train, dev, 150, settings, FusionPolicy.defaults());
        assertTrue(rr.malicious() > 20 && rr.benign() > 20, rr.toString());
        assertTrue(rr.recallWith() >= rr.recallWithout() - 0.02, "recall within 0.02: " + rr);
        assertTrue(rr.fprWith() <= rr.fprWithout(), rr.toString());
        String md = OodEvaluation.report(r, java.util.List.of(rr), null);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| %d | %.1f (", r.alertsWith(), r.per10kWith())), md);
    }
}
