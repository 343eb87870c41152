package io.centinela.tools;

import io.centinela.cli.ModelPaths;
import io.centinela.model.serve.MergedModel;
import io.centinela.bench.ModelBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code centinela bench model}: raw encoder sequences/s and end-to-end events/s of the classifier. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Classifier throughput: raw sequences/s (batch 1/16/64, seq 64/128, int8/fp32) and end-to-end events/s.")
public final class BenchModelCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model package (default: models/default).") Path model;
    @Option(names = "--data", split = ",", description = "Events for the end-to-end run (default: the dev splits).") List<Path> data;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--seconds", defaultValue = "3", description = "Seconds per raw case (default: ${DEFAULT-VALUE}).") double seconds;
    @Option(names = "--max-events", defaultValue = "0", description = "Cap on end-to-end events (0 = all).") int maxEvents;
    @Option(names = "--batches", split = ",", defaultValue = "1,16,64") int[] batches;
    @Option(names = "--seqs", split = ",", defaultValue = "64,128") int[] seqs;
    @Option(names = "--reference", description = "Also compare end-to-end cold-cache events/s against this package, "
            + "in alternating rounds in the same process (prints the ratio), and score/decision agreement per domain.") Path reference;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu (CUDA; needs the Maven profile gpu) or auto (default: ${DEFAULT-VALUE}).")
    String device;
    @Option(names = "--precisions", split = ",", defaultValue = "INT8,FP32", description = "Raw-encoder precisions (default: ${DEFAULT-VALUE}).")
    List<MergedModel.Precision> precisions;
    @Option(names = "--rounds", defaultValue = "4", description = "Rounds of the --reference comparison (default: ${DEFAULT-VALUE}).") int rounds;

    @Override
    public Integer call() throws Exception {
        new ModelBench(new ModelBench.Options(model != null ? model : ModelPaths.defaultModel(),
                data != null ? data : ModelPaths.defaultDev(), threads, seconds, maxEvents,
                precisions, batches, seqs, reference, rounds,
                io.centinela.model.serve.DeviceChoice.Mode.parse(device)),
                System.out).run();
        return 0;
    }
}
