package io.centinela.baseline;

import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site baseline on real embeddings of the shipped model and real requests of ../shared/data/ml/ood/web. */
class BaselineTest {

    static final SiteBaseline.Settings SETTINGS = SiteBaseline.Settings.defaults().withWarmUpEvents(100);
    static List<BaselineFixture.Encoded> ood;
    static List<BaselineFixture.Encoded> attacks;

    @BeforeAll
    static void load() throws Exception {
        ood = BaselineFixture.ood();
        attacks = BaselineFixture.attacks();
    }

    private static BaselineFixture.Encoded find(String pathPart) {
        return ood.stream().filter(e -> e.rendered().text().contains(pathPart)).findFirst().orElseThrow();
    }

    @Test
    void servingExposesThePooledEmbeddingWithoutChangingScores() throws Exception {
        // CSIC normal requests, scored through the plain path first (so the score cache cannot answer for them)
        List<String> texts = new ArrayList<>();
        for (String l : Files.readAllLines(io.centinela.testkit.SharedData.ml().resolve("web/dev.jsonl"))) {
            if (l.contains("\"label\": \"benign\"") && texts.size() < 24) {
                texts.add(io.centinela.text.EventText.text(new io.centinela.event.EventNormalizer().normalize(
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(l).get("event"),
                        new io.centinela.event.EventOrigin.File("dev", texts.size() + 1),
                        io.centinela.event.EventFormat.AUTO, l.length())));
            }
        }
        assertEquals(24, texts.size());
        float[] plain = BaselineFixture.scorer().scoreTexts(texts);
        var emb = BaselineFixture.scorer().embedTexts(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(plain[i], emb.scores()[i], 1e-5, "score of " + texts.get(i));
            assertEquals(384, emb.vectors()[i].length);
        }
        assertFalse(Arrays.equals(emb.vectors()[0], emb.vectors()[1]), "distinct texts, distinct embeddings");
    }

    @Test
    void learnsPersistsAndReloadsIdentically(@TempDir Path dir) throws Exception {
        Path f1 = dir.resolve("a/baseline.bin");
        Path f2 = dir.resolve("b/baseline.bin");
        List<SiteBaseline.Sample> probe = new ArrayList<>(BaselineFixture.samples(ood.subList(300, 400)));
        probe.addAll(BaselineFixture.samples(attacks));
        try (SiteBaseline b = SiteBaseline.create(SETTINGS)) {
            BaselineFixture.learnInBatches(b, ood.subList(0, 300));
            SiteBaseline.KindSummary web = b.summary().kinds().get(0);
            assertEquals("web", web.kind());
            long suspects = ood.subList(0, 300).stream().filter(BaselineFixture.Encoded::suspect).count();
            assertEquals(300 - suspects - refusedCapped(b), web.learned(), "every clean request learned");
            assertTrue(web.warm());
            assertTrue(web.vectors() > 50 && web.vectors() < 300, "distinct texts sampled: " + web.vectors());
            b.save(f1);
            try (SiteBaseline reloaded = SiteBaseline.load(f1)) {
                reloaded.save(f2);
                assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2), "reload + save is byte-identical");
                List<SiteBaseline.Novelty> before = b.assess(probe);
                List<SiteBaseline.Novelty> after = reloaded.assess(probe);
                for (int i = 0; i < probe.size(); i++) {
                    assertEquals(before.get(i), after.get(i), "the reloaded baseline assesses identically: " + i);
                }
                assertEquals(b.chainHead(), reloaded.chainHead());
                // and goes on learning exactly as the original would
                BaselineFixture.learnInBatches(b, ood.subList(300, 400));
                BaselineFixture.learnInBatches(reloaded, ood.subList(300, 400));
                b.save(f1);
                reloaded.save(f2);
                assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
            }
        }
    }

    private static long refusedCapped(SiteBaseline b) {
        return b.batches().stream().mapToLong(LearningLedger.Batch::refusedCapped).sum();
    }

    @Test
    void aRepeatedRequestIsFamiliarAndAnAttackIsNot() {
        try (SiteBaseline b = SiteBaseline.create(SETTINGS)) {
            BaselineFixture.learnInBatches(b, ood.subList(0, 300));
            BaselineFixture.Encoded favicon = find("req: GET /favicon.ico");
            SiteBaseline.Novelty n = b.assess(List.of(favicon.sample(false))).get(0);
            assertTrue(n.repeats() >= 20, "favicon.ico is among the most requested: " + n);
            assertTrue(n.familiar());
            assertEquals(0, n.percentile());
            assertTrue(n.reason().startsWith("seen " + n.repeats() + " times on this site in the last 7 days"),
                    n.reason());

            // new requests of the site (not learned, not repeats) against CSIC attacks on another site
            List<Double> site = new ArrayList<>();
            for (SiteBaseline.Novelty x : b.assess(BaselineFixture.samples(ood.subList(300, 400)))) {
                if (!x.familiar()) {
                    site.add(x.percentile());
                }
            }
            List<Double> att = new ArrayList<>();
            for (SiteBaseline.Novelty a : b.assess(BaselineFixture.samples(attacks))) {
                assertFalse(a.familiar(), a.toString());
                assertTrue(a.distance() > 0 && a.nearest() != null, a.toString());
                assertTrue(a.reason().contains("nearest web baseline event at distance"), a.reason());
                att.add(a.percentile());
            }
            assertTrue(site.size() >= 30, "enough new site requests: " + site.size());
            assertTrue(median(att) > median(site) + 0.2, "attacks are more unusual here than the site's own new "
                    + "requests: median percentile " + median(att) + " vs " + median(site));
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }

    @Test
    void oneContributorCannotDominateAndDetectionsAreNeverLearned() {
        try (SiteBaseline b = SiteBaseline.create(SETTINGS)) {
            BaselineFixture.Encoded e = find("req: GET /reset.css");
            SiteBaseline.Sample s = e.sample(false);
            SiteBaseline.Sample flood = new SiteBaseline.Sample(s.kind(), "web | req: GET /attacker-made-normal",
                    s.embedding(), "203.0.113.66", 1_431_856_000_000L, true, false, false);
            SiteBaseline.LearnResult r = b.learn(java.util.Collections.nCopies(500, flood));
            assertEquals(50, r.learned(), "capped at 50 per contributor per hour");
            assertEquals(450, r.refusedCapped());
            assertEquals(50, b.assess(List.of(flood)).get(0).repeats(), "only what was learned is counted");

            // distinct texts from the same source in the same hour: still 50 in all, the rest refused
            List<SiteBaseline.Sample> many = new ArrayList<>();
            for (BaselineFixture.Encoded o : ood) {
                many.add(new SiteBaseline.Sample(o.rendered().kind(), o.rendered().text(), o.embedding(),
                        "203.0.113.66", 1_431_856_100_000L, true, false, false));
            }
            assertEquals(0, b.learn(many).learned(), "its cap for the window is used up");
            // the next hour it may contribute again, up to the cap
            SiteBaseline.Sample later = new SiteBaseline.Sample(flood.kind(), flood.text(), flood.embedding(),
                    flood.contributor(), flood.timeMillis() + 3_600_000L, true, false, false);
            assertEquals(50, b.learn(java.util.Collections.nCopies(80, later)).learned());

            SiteBaseline.Sample ruleHit = e.sample(false).withDetections(true, false);
            SiteBaseline.LearnResult d = b.learn(java.util.Collections.nCopies(10, ruleHit));
            assertEquals(0, d.learned());
            assertEquals(10, d.refusedDetected());
            assertEquals(0, b.assess(List.of(ruleHit)).get(0).repeats(), "a rule hit is never learned");

        }
        // a model-driven alert: learned while the kind is cold (fusion ignores the baseline then), never after
        try (SiteBaseline b = SiteBaseline.create(SETTINGS)) {
            SiteBaseline.Sample alert = find("req: GET /style2.css").sample(true);
            assertEquals(1, b.learn(List.of(alert)).learned(), "cold: the warm-up period is vouched for");
            BaselineFixture.learnInBatches(b, ood.subList(0, 200));
            assertTrue(b.summary().kinds().get(0).warm());
            SiteBaseline.LearnResult w = b.learn(List.of(find("/blog/tags/ipv6").sample(true)));
            assertEquals(0, w.learned());
            assertEquals(1, w.refusedDetected(), "warm: a model-driven alert is never learned");
        }
    }

    @Test
    void theLearningChainVerifiesAndShowsTampering(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("baseline.bin");
        List<LearningLedger.Batch> batches;
        try (SiteBaseline b = SiteBaseline.create(SETTINGS)) {
            BaselineFixture.learnInBatches(b, ood);
            assertNull(b.verifyChain());
            batches = b.batches();
            assertEquals(4, batches.size(), "one batch per learn call");
            assertEquals(LearningLedger.GENESIS, batches.get(0).previous());
            for (int i = 1; i < batches.size(); i++) {
                assertEquals(batches.get(i - 1).hash(), batches.get(i).previous());
            }
            assertEquals(b.chainHead(), batches.get(3).hash());
            LearningLedger.Batch first = batches.get(0);
            assertEquals(first.learned(), first.contributors().stream().mapToInt(LearningLedger.Contribution::events)
                    .sum() + (first.otherContributors() > 0 ? otherEvents(first) : 0));
            assertFalse(first.contributors().get(0).contributor().contains("."), "no address in clear");
            b.save(f);
        }
        byte[] good = Files.readAllBytes(f);

        // a flipped byte without re-signing: the checksum catches it
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 1;
        Files.write(f, flipped);
        IOException e1 = assertThrows(IOException.class, () -> SiteBaseline.load(f));
        assertTrue(e1.getMessage().contains("SHA-256 does not match"), e1.getMessage());

        // an edited batch with the file checksum recomputed (whoever can write the file can do that): the chain
        String digest = batches.get(1).samplesDigest();
        byte[] edited = replace(good, digest, "f" + digest.substring(1));
        byte[] body = Arrays.copyOf(edited, edited.length - 32);
        System.arraycopy(MessageDigest.getInstance("SHA-256").digest(body), 0, edited, body.length, 32);
        Files.write(f, edited);
        IOException e2 = assertThrows(IOException.class, () -> SiteBaseline.load(f));
        assertTrue(e2.getMessage().contains("learning chain does not verify (batch 1 was modified"), e2.getMessage());

        Files.write(f, good);
        try (SiteBaseline ok = SiteBaseline.load(f)) {
            assertNull(ok.verifyChain());
        }
    }

    @Test
    void aBoundedChainKeepsItsAnchor() {
        SiteBaseline.Settings s = new SiteBaseline.Settings(2000, 20_000, 1000, 100, 7, 3_600_000L, 50, 100_000, 3,
                10, 7);
        try (SiteBaseline b = SiteBaseline.create(s)) {
            for (int i = 0; i < 5; i++) {
                b.learn(BaselineFixture.samples(ood.subList(i * 20, i * 20 + 20)));
            }
            assertEquals(3, b.batches().size());
            assertEquals(2, b.batches().get(0).seq());
            assertNull(b.verifyChain());
        }
    }

    private static int otherEvents(LearningLedger.Batch b) {
        return b.learned() - b.contributors().stream().mapToInt(LearningLedger.Contribution::events).sum();
    }

    private static byte[] replace(byte[] in, String from, String to) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int i = s.indexOf(from);
        assertTrue(i >= 0 && s.indexOf(from, i + 1) < 0, "the digest occurs once in the file");
        byte[] out = in.clone();
        byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, out, i, t.length);
        return out;
    }
}
