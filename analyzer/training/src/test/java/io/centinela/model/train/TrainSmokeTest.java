package io.centinela.model.train;

import io.centinela.testkit.SharedData;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.model.eval.Evaluator;
import io.centinela.model.onnx.MiniLmWeights;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.pkg.PackageFiles;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.DeviceChoice;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.text.ModelTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training path end to end on a tiny subset (CI): a few LoRA steps, package written and verified, the ONNX
 * copy with merged LoRA scores like the PyTorch training graph, eval with calibration rewrites the threshold.
 */
class TrainSmokeTest {

    /** Copies the first {@code perLabel} lines of each label of a data file into dir/domain/name. */
    static Path subset(Path dir, String domain, String file, int perLabel) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        int mal = 0;
        int ben = 0;
        for (String l : Files.readAllLines(SharedData.ml().resolve(domain).resolve(file))) {
            boolean m = json.readTree(l).path("label").asText().equals("malicious");
            if (m && mal < perLabel) {
                mal++;
                out.add(l);
            } else if (!m && ben < perLabel) {
                ben++;
                out.add(l);
            }
            if (mal >= perLabel && ben >= perLabel) {
                break;
            }
        }
        Path p = dir.resolve(domain).resolve(file);
        Files.createDirectories(p.getParent());
        Files.write(p, out);
        return p;
    }

    static TrainConfig tiny(List<Path> train, List<Path> dev, Path out, boolean dp) {
        return new TrainConfig(train, dev, out, 32, 8, 2, 1, 4, 2e-3, 0.01, 0.25, 1.0, 0.1f, 4, 8f,
                Set.of("attention.self.query", "attention.self.value"), false, true, 3, 2, 0, 0, 0.05, 7L, 2,
                Set.of(), Set.of(), true, 1.0, dp, 1.0, 1.0, 1e-5, null, "smoke", "0.0.1", false, 6, java.util.Map.of(),
                TrainConfig.Selection.F1_AT_FPR, true);
    }

    /**
     * A two-layer model with a shorter web length: the package records both, the served graph (first two layers
     * of the ONNX export, the rest pruned) equals the two-layer PyTorch graph, a web text is cut at 16 tokens
     * exactly as the tokenizer's own truncation would, and resuming a six-layer adapter keeps layers 0-1.
     */
    @Test
    void shallowModelWithPerDomainLengthsServesLikeItTrains(@TempDir Path tmp) throws Exception {
        List<Path> train = List.of(subset(tmp, "web", "train.jsonl", 8), subset(tmp, "windows", "train.jsonl", 8));
        List<Path> dev = List.of(subset(tmp, "web", "dev.jsonl", 6), subset(tmp, "windows", "dev.jsonl", 6));
        Path deep = tmp.resolve("deep");
        new Trainer(tiny(train, dev, deep, false), new PrintStream(new ByteArrayOutputStream())).run();
        TrainConfig t = tiny(train, dev, tmp.resolve("pkg"), false);
        TrainConfig shallow = new TrainConfig(t.trainFiles(), t.devFiles(), t.output(), 32, t.batchSize(),
                t.gradAccumulation(), t.epochs(), t.maxSteps(), t.learningRate(), t.weightDecay(), t.warmupFraction(),
                t.clipNorm(), t.dropout(), t.loraRank(), t.loraAlpha(), t.loraTargets(), false, true, t.patience(),
                t.evalEvery(), 0, 0, t.targetFpr(), t.seed(), 2, Set.of(), Set.of(), false, 0.3, false, 1, 1, 1e-5,
                deep.resolve(PackageFiles.ADAPTER), "shallow", "0.0.1", false, 2,
                java.util.Map.of("email", 32, "generic", 32, "web", 16, "windows", 32), TrainConfig.Selection.PR_AUC, false);
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        new Trainer(shallow, new PrintStream(logBytes, true)).run();
        ModelPackage pkg = ModelPackage.load(tmp.resolve("pkg"));
        assertEquals(2, pkg.config().layers());
        assertEquals(16, pkg.config().domainMaxLength().get("web"));
        var saved = pkg.adapter().keySet();
        assertTrue(saved.stream().anyMatch(k -> k.contains("encoder.layer.1.")), saved.toString());
        assertTrue(saved.stream().noneMatch(k -> k.contains("encoder.layer.2.")), "no tensors above layer 1: " + saved);

        String web = "web | req: GET /tienda1/publico/anadir.jsp | q: id=2&nombre=Jam%F3n+Ib%E9rico&precio=85&cantidad=49&B1=A%F1adir+al+carrito";
        List<String> texts = List.of(web, "process start | image: %sys%\\cmd.exe | cmd: whoami /all");
        float[] ort;
        try (ClassifierScorer s = new ClassifierScorer(pkg, ScorerOptions.defaults().withPrecision(MergedModel.Precision.FP32)
                .withDevice(DeviceChoice.Mode.CPU).withCacheSize(0).withCacheDir(tmp.resolve("cache")))) {
            ort = s.scoreTexts(texts);
        }
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             ModelTokenizer tok32 = ModelTokenizer.fromFile(pkg.tokenizer(), 32);
             ModelTokenizer tok16 = ModelTokenizer.fromFile(pkg.tokenizer(), 16)) {
            ModelTokenizer cut = tok32.withDomainMaxLength(pkg.config().domainMaxLength());
            assertTrue(tok32.encode(web).length > 16, "the web text is longer than its cap");
            org.junit.jupiter.api.Assertions.assertArrayEquals(tok16.encode(web), cut.encode(web));
            BertEncoder enc = new BertEncoder(m, MiniLmWeights.load(pkg.baseOnnx()), 4, 8f,
                    new HashSet<>(pkg.config().loraTargets()), 0f, false, 1, 2);
            AdapterIo.load(enc, pkg.adapter());
            for (int i = 0; i < texts.size(); i++) {
                long[] ids = cut.encode(texts.get(i));
                long[] mask = new long[ids.length];
                java.util.Arrays.fill(mask, 1);
                float z = enc.logits(m.create(new long[][]{ids}), m.create(new long[][]{mask}), false).toFloatArray()[0];
                assertEquals(1 / (1 + Math.exp(-z)), ort[i], 1e-4, "ORT two-layer graph vs PyTorch for " + texts.get(i));
            }
        }
    }

    @Test
    void trainsWritesVerifiesServesAndEvaluates(@TempDir Path tmp) throws Exception {
        List<Path> train = List.of(subset(tmp, "web", "train.jsonl", 16), subset(tmp, "windows", "train.jsonl", 16));
        List<Path> dev = List.of(subset(tmp, "web", "dev.jsonl", 10), subset(tmp, "windows", "dev.jsonl", 10));
        Path out = tmp.resolve("pkg");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        Trainer.Result r = new Trainer(tiny(train, dev, out, false), new PrintStream(logBytes, true)).run();
        String log = logBytes.toString();
        assertEquals(4, r.steps(), log);
        assertTrue(log.contains("adversarial augmentation"), log);
        assertTrue(Double.isFinite(r.bestScore()), log);

        ModelPackage pkg = ModelPackage.load(out);
        assertEquals(32, pkg.config().maxLength());
        for (String f : List.of(PackageFiles.ADAPTER, PackageFiles.TOKENIZER, PackageFiles.CONFIG, PackageFiles.METRICS,
                PackageFiles.TRAIN_LOG, PackageFiles.TRAIN_PLOT)) {
            assertTrue(pkg.manifest().path("files").has(f), "manifest lists " + f);
        }
        assertEquals(4, pkg.manifest().path("training_data").size());
        assertTrue(Files.readAllLines(out.resolve(PackageFiles.TRAIN_LOG)).size() >= 2, "one row per evaluation");

        // The merged ONNX copy served by ORT scores like the PyTorch graph with separate LoRA matrices.
        List<String> texts = List.of("web | req: GET /tienda1/index.jsp", "process start | image: %sys%\\cmd.exe | cmd: whoami /all",
                "web | req: GET /tienda1/publico/anadir.jsp | q: id=2' OR '1'='1");
        float[] ort;
        try (ClassifierScorer s = new ClassifierScorer(pkg, ScorerOptions.defaults().withPrecision(MergedModel.Precision.FP32)
                .withDevice(DeviceChoice.Mode.CPU).withCacheSize(0).withCacheDir(tmp.resolve("cache")))) {
            ort = s.scoreTexts(texts);
        }
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             ModelTokenizer tok = ModelTokenizer.fromFile(pkg.tokenizer(), 32)) {
            BertEncoder enc = new BertEncoder(m, MiniLmWeights.load(pkg.baseOnnx()), 4, 8f,
                    new HashSet<>(pkg.config().loraTargets()), 0f, false, 1);
            AdapterIo.load(enc, pkg.adapter());
            assertNotEquals(0f, enc.loraB().values().iterator().next().abs().sum().getFloat(), "LoRA B moved");
            for (int i = 0; i < texts.size(); i++) {
                long[] ids = tok.encode(texts.get(i));
                long[] mask = new long[ids.length];
                java.util.Arrays.fill(mask, 1);
                float z = enc.logits(m.create(new long[][]{ids}), m.create(new long[][]{mask}), false).toFloatArray()[0];
                assertEquals(1 / (1 + Math.exp(-z)), ort[i], 1e-4, "ORT merged vs PyTorch for " + texts.get(i));
            }
        }

        Path report = tmp.resolve("eval");
        Evaluator.Options eo = new Evaluator.Options(out, dev, report, true, 0.1, ScorerOptions.defaults()
                .withPrecision(MergedModel.Precision.FP32).withCacheDir(tmp.resolve("cache")), LabelledData.Filter.NONE,
                true, "test");
        var results = new Evaluator(eo, new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(Set.of("web", "windows"), results.keySet());
        assertTrue(Files.readString(report.resolve("report.md")).contains("| web |"));
        assertTrue(Files.size(report.resolve("roc.png")) > 1000 && Files.size(report.resolve("pr.png")) > 1000);
        ModelPackage calibrated = ModelPackage.load(out);
        assertEquals(0.1, calibrated.config().targetFpr());
        assertTrue(results.get("web").at().fpr() <= 0.1 && results.get("windows").at().fpr() <= 0.1);
    }

    @Test
    void differentiallyPrivateRunReportsEpsilon(@TempDir Path tmp) throws Exception {
        List<Path> train = List.of(subset(tmp, "web", "train.jsonl", 6));
        List<Path> dev = List.of(subset(tmp, "web", "dev.jsonl", 4));
        Path out = tmp.resolve("pkg");
        TrainConfig c = tiny(train, dev, out, true);
        new Trainer(c, new PrintStream(new ByteArrayOutputStream())).run();
        var metrics = new ObjectMapper().readTree(out.resolve(PackageFiles.METRICS).toFile());
        double eps = metrics.path("dp_epsilon").asDouble(Double.NaN);
        assertTrue(Double.isFinite(eps) && eps > 0, "epsilon reported: " + metrics);
    }

    @Test
    void privacyAccountantBehaves() {
        double e1 = DpSgd.epsilon(1000, 0.01, 1.0, 1e-5);
        assertTrue(DpSgd.epsilon(1000, 0.01, 2.0, 1e-5) < e1, "more noise, less epsilon");
        assertTrue(DpSgd.epsilon(4000, 0.01, 1.0, 1e-5) > e1, "more steps, more epsilon");
        // q = 1 is the plain Gaussian mechanism: RDP alpha / (2 sigma^2).
        assertEquals(3 * 2 / (2 * 4.0), DpSgd.logA(3, 1.0, 2.0), 1e-12);
        assertEquals(DpSgd.logA(3, 1.0, 2.0), DpSgd.logA(3, 1 - 1e-12, 2.0), 1e-6);
    }

    @Test
    void augmentationObfuscatesOnlyTheCommand() {
        String text = "process start | image: %sys%\\cmd.exe | cmd: powershell -nop -w hidden | parent: x.exe";
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 20; i++) {
            String o = CommandAugmenter.obfuscateCmd(text, rnd);
            assertTrue(o.startsWith("process start | image: %sys%\\cmd.exe | cmd: ") && o.endsWith(" | parent: x.exe"), o);
            assertNotEquals(text, o);
        }
    }
}
