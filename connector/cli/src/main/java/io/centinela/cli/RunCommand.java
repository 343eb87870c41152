package io.centinela.cli;

import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.hec.HecFatalException;
import io.centinela.kafka.ConnectorService;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.PipelineStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;


/** {@code centinela run --config centinela.yaml}: the streaming connector until stopped (Ctrl-C drains and commits). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Kafka -> Sigma + YARA + model -> Splunk HEC connector.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "2:bad configuration or Kafka unreachable",
                "3:Splunk HEC refused the configuration (token, index, ack) or the HEC URL does not answer like HEC (redirect, login page)", "1:other failure"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "YAML config file (see docs/centinela.example.yaml).")
    Path config;

    @Option(names = "--config-reference", description = "Print every config key as a Markdown table and exit.")
    boolean reference;

    @Override
    public Integer call() throws Exception {
        if (reference) {
            System.out.print(CentinelaConfig.DEF.toMarkdown());
            return 0;
        }
        if (config == null) {
            System.err.println("centinela run: --config <file> is required (see docs/centinela.example.yaml)");
            return 2;
        }
        // the composition root: everything is built and checked here, before the poll loop, so any config error
        // is exit 2 at start with nothing left open
        ConnectorService service;
        AnalysisEngines engines = null;
        try {
            CentinelaConfig cfg = CentinelaConfig.load(config);
            engines = EngineFactory.create(EngineFactory.Spec.from(cfg));
            service = new ConnectorService(cfg, engines, new PipelineStats());
            service.preflight();
            SighupReload.install(engines.reloader());
        } catch (ConfigException e) {
            if (engines != null) {
                engines.close();
            }
            System.err.println("centinela run: " + e.getMessage());
            return 2;
        }
        service.start();
        Thread hook = new Thread(() -> {
            service.stop();
            try {
                service.await(Duration.ofSeconds(120));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "centinela-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Throwable failure = service.await(Duration.ofDays(36500));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (failure == null) {
            return 0;
        }
        System.err.println("centinela run: stopped: " + failure.getMessage());
        return failure instanceof HecFatalException ? 3 : 1;
    }
}
