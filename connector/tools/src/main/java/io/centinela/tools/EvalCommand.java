package io.centinela.tools;

import io.centinela.cli.Inputs;
import io.centinela.cli.ModelPaths;
import io.centinela.model.eval.Evaluator;
import io.centinela.model.serve.DeviceChoice;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.train.LabelledData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code centinela eval}: metrics, curves and a Markdown report for a model package on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model package on labelled JSON-lines events (served through ONNX Runtime).")
public final class EvalCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "Model package (default: models/default).") Path model;
    @Option(names = "--data", split = ",", description = "Labelled files (default: the dev splits).") List<Path> data;
    @Option(names = "--out", description = "Report folder (default: <model>-eval).") Path out;
    @Option(names = "--calibrate", description = "Choose the threshold on this data for --target-fpr and store it in the package.") boolean calibrate;
    @Option(names = "--target-fpr", defaultValue = "0.01") double targetFpr;
    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or int8 (default: ${DEFAULT-VALUE}).") String precision;
    @Option(names = "--compare-int8", description = "Also score with the other precision and report agreement.") boolean compareInt8;
    @Option(names = "--obfuscation", description = "Also re-score every process start with its command line obfuscated "
            + "(caret, empty quotes, random case, env variables) and report recall/FPR before and after.") boolean obfuscation;
    @Option(names = "--evasion", description = "Also run the evasion suite: recall on the attack rows before/after "
            + "each evasion technique (e-mail, web, Windows command lines); writes evasion.md.") boolean evasion;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu.") String device;
    @Option(names = "--exclude-category", split = ",") List<String> excludeCategories = new ArrayList<>();
    @Option(names = "--ood-events", defaultValue = "5000", description = "Events per OOD stream of the OOD table "
            + "(ood/web: the first N, half warm-up; generator: 10,000 of seed 7 warm up, N of seed 1414 measured; "
            + "default: ${DEFAULT-VALUE}).") int oodEvents;
    @Option(names = "--no-ood", description = "Skip the OOD table (model-driven alerts per 10k with and without the baseline).") boolean noOod;

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("labelled data file", data);
        Inputs.requireExisting("model package", model);
        if (!noOod && oodEvents < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ood-events must be >= 1 (or --no-ood)");
        }
        Path m = model != null ? model : ModelPaths.defaultModel();
        Path o = out != null ? out : m.resolveSibling(m.getFileName() + "-eval");
        ScorerOptions so = ScorerOptions.defaults().withThreads(threads).withDevice(DeviceChoice.Mode.parse(device))
                .withPrecision(MergedModel.Precision.valueOf(precision.toUpperCase(java.util.Locale.ROOT)));
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("eval")) {
            args.remove(0);
        }
        String cmd = "./centinela eval " + String.join(" ", args);
        Evaluator.Options opt = new Evaluator.Options(m, data != null ? data : ModelPaths.defaultDev(), o, calibrate,
                targetFpr, so, new LabelledData.Filter(Set.of(), Set.copyOf(excludeCategories)), compareInt8, cmd.trim(), obfuscation);
        Map<String, Evaluator.DomainResult> dev = new Evaluator(opt, System.out).run();
        if (evasion) {
            new io.centinela.model.eval.EvasionSuite(m, opt.data(), opt.filter(), so, 14).run(System.out, o);
        }
        if (!noOod) { // the OOD table goes to the terminal and into report.md
            String ood = OodStreams.table(m, so, ModelPaths.mlData(), oodEvents, dev);
            System.out.println(ood);
            Files.writeString(o.resolve("report.md"), "\n" + ood, StandardOpenOption.APPEND);
        }
        System.out.println("report: " + o.resolve("report.md"));
        return 0;
    }
}
