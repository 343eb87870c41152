package io.centinela.baseline;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.Alert;
import io.centinela.alert.ModelDetection;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.sigma.SigmaMatch;
import io.centinela.text.EventText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fusion with a real baseline, real model verdicts and real events: on the public site the classifier flags every
 * request, so its everyday requests must stop being model-alone alerts while rule hits and unusual malicious
 * requests stay; on the CSIC shop, where the classifier is in distribution, every attack it catches still alerts.
 */
class BaselineFusionTest {

    private static final AlertFusion FUSION = new AlertFusion(FusionPolicy.defaults(),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private static SiteBaseline site;
    private static List<BaselineFixture.Encoded> ood;
    private static List<BaselineFixture.Encoded> attacks;

    @BeforeAll
    static void warm() throws Exception {
        ood = BaselineFixture.ood();
        attacks = BaselineFixture.attacks();
        site = SiteBaseline.create(BaselineTest.SETTINGS);
        BaselineFixture.learnInBatches(site, ood);
    }

    @AfterAll
    static void close() {
        site.close();
    }

    private static ModelDetection verdict(BaselineFixture.Encoded e) {
        return new ModelDetection("centinela-minilm-default", "2.0.0", e.score(), e.threshold(), List.of());
    }

    private static SigmaMatch rule() {
        return new SigmaMatch("rule-favicon", "Suspicious favicon fetch", "high", "test",
                List.of("attack.reconnaissance"), "Test", List.of(), List.of("selection"), Map.of("c-uri", "/favicon.ico"));
    }

    @Test
    void anEverydayRequestIsNotAModelAloneAlertButARuleHitStands() {
        BaselineFixture.Encoded favicon = ood.stream().filter(e -> e.rendered().text().equals("web | req: GET /favicon.ico"))
                .findFirst().orElseThrow();
        assertTrue(favicon.score() >= favicon.threshold(), "the classifier flags it: " + favicon.score());
        SiteBaseline.Novelty n = site.assess(List.of(favicon.sample(false))).get(0);
        assertTrue(n.warm() && n.familiar() && n.modelOverRate() > 0.9, n.toString());

        Alert without = FUSION.fuse(favicon.event(), List.of(), List.of(), verdict(favicon)).orElseThrow();
        assertEquals(List.of("model"), without.detectionSources(), "today: a model-alone alert");
        assertTrue(FUSION.fuse(favicon.event(), List.of(), List.of(), verdict(favicon), n).isEmpty(),
                "seen every day on this site: no model-alone alert, however the classifier scores it");

        Alert rule = FUSION.fuse(favicon.event(), List.of(rule()), List.of(), verdict(favicon), n).orElseThrow();
        assertEquals(List.of("sigma"), rule.detectionSources(), "the rule stands, the model adds nothing");
        assertEquals(75, rule.riskScore(), "no corroboration bonus from a vetoed verdict");
        String reason = rule.reasons().get(rule.reasons().size() - 1);
        assertTrue(reason.contains("usual on this site, not counted (seen " + n.repeats() + " times on this site "
                + "in the last 7 days") && reason.endsWith("the rule hits stand"), reason);
    }

    @Test
    void anUnusualMaliciousRequestStillAlertsAndNamesItsNearestBaselineEvent() {
        List<SiteBaseline.Novelty> nov = site.assess(BaselineFixture.samples(attacks));
        int alerted = 0;
        int vetoed = 0;
        for (int i = 0; i < attacks.size(); i++) {
            BaselineFixture.Encoded a = attacks.get(i);
            if (a.score() < a.threshold()) {
                continue;
            }
            Optional<Alert> alert = FUSION.fuse(a.event(), List.of(), List.of(), verdict(a), nov.get(i));
            if (nov.get(i).percentile() >= FusionPolicy.DEFAULT_MIN_NOVELTY) {
                Alert x = alert.orElseThrow(() -> new AssertionError("unusual and malicious must alert: " + a));
                assertEquals(List.of("model"), x.detectionSources());
                String reason = x.reasons().get(0);
                assertTrue(reason.contains("; unusual here: nearest web baseline event at distance")
                        && reason.contains(nov.get(i).nearest().substring(0, 20)), reason);
                alerted++;
            } else {
                assertTrue(alert.isEmpty(), "closer to the site's traffic than its own 99th percentile: vetoed");
                vetoed++;
            }
        }
        // On a site where the classifier flags everything, only attacks unlike the site's traffic remain
        // model-driven alerts (docs/baseline.md, "what it does not stop"): few of them, how many depends on the
        // model (3 of these 20 with 2.0.0, 1 with 2.1.0); both branches above must be taken.
        assertTrue(alerted >= 1, "some CSIC attacks are beyond everything this site sends: " + alerted);
        assertTrue(alerted + vetoed >= 18, "the classifier flags the attacks: " + (alerted + vetoed));
    }

    @Test
    void aColdBaselineChangesNothing() {
        BaselineFixture.Encoded favicon = ood.stream().filter(e -> e.rendered().text().equals("web | req: GET /favicon.ico"))
                .findFirst().orElseThrow();
        try (SiteBaseline cold = SiteBaseline.create(BaselineTest.SETTINGS.withWarmUpEvents(10_000))) {
            BaselineFixture.learnInBatches(cold, ood);
            SiteBaseline.Novelty n = cold.assess(List.of(favicon.sample(false))).get(0);
            assertFalse(n.warm());
            Alert a = FUSION.fuse(favicon.event(), List.of(), List.of(), verdict(favicon), n).orElseThrow();
            Alert b = FUSION.fuse(favicon.event(), List.of(), List.of(), verdict(favicon)).orElseThrow();
            assertEquals(b.riskScore(), a.riskScore());
            assertEquals(b.detectionSources(), a.detectionSources());
            assertTrue(a.reasons().get(0).contains("site baseline for web still warming up: 400 events learned")
                    || a.reasons().get(0).contains("still warming up"), a.reasons().get(0));
        }
    }

    @Test
    void whereTheClassifierIsInDistributionEveryAttackItCatchesStillAlerts() throws Exception {
        // the CSIC shop's own normal traffic (train split) as the site baseline
        ObjectMapper json = new ObjectMapper();
        EventNormalizer norm = new EventNormalizer();
        List<io.centinela.event.Event> events = new ArrayList<>();
        long line = 0;
        for (String l : Files.readAllLines(SharedData.ml().resolve("web/train.jsonl"))) {
            line++;
            if (l.contains("\"label\": \"benign\"") && events.size() < 200) {
                events.add(norm.normalize(json.readTree(l).get("event"), new EventOrigin.File("train", line),
                        EventFormat.AUTO, l.length()));
            }
        }
        List<EventText.Rendered> r = events.stream().map(EventText::render).toList();
        var emb = BaselineFixture.scorer().embedTexts(r.stream().map(EventText.Rendered::text).toList());
        List<SiteBaseline.Sample> warm = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            warm.add(SiteBaseline.sample(events.get(i), r.get(i).kind(), r.get(i).text(), emb.vectors()[i],
                    emb.scores()[i] >= BaselineFixture.scorer().thresholdFor("web"), false, false, 0L));
        }
        try (SiteBaseline shop = SiteBaseline.create(BaselineTest.SETTINGS.withMaxPerContributorPerWindow(0))) {
            shop.learn(warm);
            List<SiteBaseline.Novelty> nov = shop.assess(BaselineFixture.samples(attacks));
            assertTrue(nov.get(0).warm() && nov.get(0).modelOverRate() < FusionPolicy.DEFAULT_TRUSTED_BELOW_RATE,
                    "the classifier rarely fires on the shop's normal traffic: " + nov.get(0));
            int caught = 0;
            for (int i = 0; i < attacks.size(); i++) {
                BaselineFixture.Encoded a = attacks.get(i);
                boolean without = FUSION.fuse(a.event(), List.of(), List.of(), verdict(a)).isPresent();
                boolean with = FUSION.fuse(a.event(), List.of(), List.of(), verdict(a), nov.get(i)).isPresent();
                assertEquals(without, with, "attack " + a.rendered().text());
                caught += with ? 1 : 0;
            }
            assertTrue(caught >= 18, "caught " + caught + " of 20");
        }
    }
}
