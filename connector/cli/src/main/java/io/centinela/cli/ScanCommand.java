package io.centinela.cli;

import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigDef;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.event.evtx.EvtxLibrary;
import io.centinela.event.evtx.EvtxReader;
import io.centinela.event.evtx.EvtxUnavailableException;
import io.centinela.event.EventTime;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.AnalysisStages;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.RuleSettings;
import io.centinela.pipeline.ScoringPolicy;
import io.centinela.yara.EventScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code centinela scan <files or folders>}: the service's analysis over files, without Kafka. Each event is parsed
 * and normalised as {@code run} does, then goes, in chunks of {@code pipeline.chunk.events}, through the service's
 * own {@link AnalysisStages} (Sigma -> YARA -> model by scoring policy -> fusion): the same events give the same
 * alerts, alert ids included (an id hashes the event's origin, here {@code file:<path as given>:<line>}).
 *
 * <p>Inputs: JSON lines or concatenated JSON ({@code .gz} and every {@code .zip} entry read in place, through
 * {@link EventFileReader}) and Windows {@code .evtx} through libevtx ({@link EvtxReader}). Outputs: alerts as JSON
 * lines in the alert schema (or CSV) on stdout or {@code --out}; the summary on stderr. An input that cannot become
 * an event is counted with its reason, never dropped silently.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyse event files through the whole pipeline (normalise -> Sigma -> YARA -> model -> fusion),"
                + " as 'run' does, without Kafka.",
                "Inputs: JSON lines, concatenated JSON, .gz, .zip, Windows .evtx (libevtx); folders are walked for "
                        + "*.json, *.jsonl, *.ndjson, *.log, *.gz, *.zip, *.evtx.",
                "Alerts go to stdout (or --out) as JSON lines in the alert schema (or CSV with --csv); the summary "
                        + "(events read and rejected with reasons, alerts by severity, top detections, hosts, users, "
                        + "time range, events/s) goes to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scanned (with or without alerts)", "2:missing file, bad option or configuration, missing "
                + "native library", "3:--fail-on-reject and some input was rejected", "1:other failure"})
public final class ScanCommand implements Callable<Integer> {

    private static final List<String> POLICIES = List.of("all", "kinds", "rule-hits-first", "none");

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Event files or folders (walked recursively).")
    List<Path> inputs;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Take rules, model, scoring and limits from this centinela.yaml, as 'run' would (Kafka and "
                    + "HEC keys are read but unused). Options below override its model and scoring keys.")
    Path config;

    @Option(names = "--sigma-dir", paramLabel = "DIR", description = "Extra Sigma rule folder, e.g. "
            + "../shared/data/sigma/rules; repeatable.")
    List<Path> sigmaDirs = new ArrayList<>();

    @Option(names = "--yara-dir", paramLabel = "DIR", description = "Extra YARA rule folder; repeatable.")
    List<Path> yaraDirs = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Skip the project's own Sigma and YARA rules.")
    boolean noBuiltinRules;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model package folder (default: models/default"
            + " when present, as the service).")
    Path modelDir;

    @Option(names = "--no-model", description = "Do not score events with the model (rules and fusion only).")
    boolean noModel;

    @Option(names = "--scoring", paramLabel = "POLICY", description = "Which events the model scores: all, kinds, "
            + "rule-hits-first, none (pipeline.scoring.policy). Default: the service's default, all.")
    String scoring;

    @Option(names = "--scoring-kinds", split = ",", paramLabel = "KIND",
            description = "Kinds scored under 'kinds' (pipeline.scoring.kinds). Default: windows,web,email.")
    List<String> scoringKinds;

    @Option(names = "--scoring-budget", paramLabel = "N", description = "Events without a rule hit scored per chunk "
            + "under 'rule-hits-first' (pipeline.scoring.budget). Default: 256.")
    Integer scoringBudget;

    @Option(names = "--format", paramLabel = "FORMAT", converter = NormalizeCommand.FormatConverter.class,
            defaultValue = "auto", description = "Event format of JSON inputs (as 'normalize'). Default: auto; .evtx "
            + "records are always evtx-json.")
    EventFormat format;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "AUTO",
            description = "JSON file layout: AUTO, JSON_LINES, CONCATENATED. Default: ${DEFAULT-VALUE}.")
    EventFileReader.Layout layout;

    @Option(names = "--recovered", description = "Also read the records libevtx recovers from an .evtx file's "
            + "free space (cleared or overwritten logs).")
    boolean recovered;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the alerts to this file (replaced) "
            + "instead of stdout.")
    Path out;

    @Option(names = "--csv", description = "Write the alerts as CSV (main fields, header row) instead of JSON lines.")
    boolean csv;

    @Option(names = "--progress", negatable = true, description = "A progress line on stderr once a second. "
            + "Default: on when stderr is a terminal.")
    Boolean progress;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Stop after N events read "
            + "(a sample of a large set; the summary says so). Default: all.")
    long limit;

    @Option(names = "--fail-on-reject", description = "Exit with status 3 when any input was rejected.")
    boolean failOnReject;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> files = ScanInputs.expand(inputs);
        CentinelaConfig cfg = config == null ? null : CentinelaConfig.load(config);
        if (cfg != null && (!sigmaDirs.isEmpty() || !yaraDirs.isEmpty() || noBuiltinRules)) {
            throw new UserException("scan: --config takes the rules from " + config + "; set rules.* there instead "
                    + "of --sigma-dir, --yara-dir or --no-builtin-rules");
        }
        if (files.stream().anyMatch(EvtxReader::isEvtx)) {
            try {
                EvtxLibrary.load();
            } catch (EvtxUnavailableException e) {
                throw new UserException(e.getMessage());
            }
        }
        ScoringPolicy policy = policy(cfg);
        int chunkSize = cfg != null ? cfg.integer("pipeline.chunk.events") : (Integer) dflt("pipeline.chunk.events");
        int maxBytes = cfg != null ? cfg.integer("pipeline.event.max.bytes") : (Integer) dflt("pipeline.event.max.bytes");
        RuleSettings rules = cfg != null ? RuleSettings.from(cfg) : RuleSettings.of(!noBuiltinRules, sigmaDirs, yaraDirs);
        boolean model = !noModel && (cfg == null || cfg.bool("model.enabled"));
        Path dir = modelDir != null ? modelDir
                : cfg != null && cfg.string("model.dir") != null ? Path.of(cfg.string("model.dir")) : null;

        PrintWriter err = spec.commandLine().getErr();
        ScanSummary summary = new ScanSummary();
        try (AlertSink sink = openSink();
             AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(rules, model, dir))) {
            err.printf(Locale.ROOT, "scan: %d files; %d Sigma + %d YARA rules; model %s, scoring %s%n", files.size(),
                    engines.sigmaRules(), engines.yaraRules(), engines.modelVersion(),
                    policy.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            err.flush();
            Run run = new Run(new AnalysisStages(engines, policy), sink, summary, chunkSize,
                    new ProgressLine(err, progress != null ? progress : ProgressLine.stderrIsTerminal()));
            EventParser parser = new EventParser(maxBytes, EventParser.DEFAULT_MAX_DEPTH, new EventNormalizer());
            long t0 = System.nanoTime();
            try {
                for (Path f : files) {
                    if (full(summary)) {
                        break;
                    }
                    summary.files++;
                    if (EvtxReader.isEvtx(f)) {
                        readEvtx(f, parser, run);
                    } else {
                        readJson(f, parser, maxBytes, run);
                    }
                }
                run.flush();
            } finally {
                run.close();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sink.flush();
            run.progress.clear();
            if (full(summary)) {
                err.printf(Locale.ROOT, "scan: stopped at --limit %d events%n", limit);
            }
            summary.print(err, seconds);
        }
        return failOnReject && summary.rejectedCount() > 0 ? 3 : 0;
    }

    private void readJson(Path f, EventParser parser, int maxBytes, Run run) throws IOException {
        try (EventFileReader docs = EventFileReader.open(f, layout, maxBytes)) {
            while (docs.hasNext() && !full(run.summary)) {
                EventFileReader.Document doc = docs.next();
                run.summary.documents++;
                try {
                    run.add(doc.parse(parser, format), doc.where());
                } catch (EventRejectedException e) {
                    run.summary.rejected(e.reason().name(), doc.where(), e.getMessage());
                }
            }
        } catch (UncheckedIOException e) {
            // a damaged archive or stream: the events before it were analysed; the rest of this file cannot be read
            run.summary.rejected("UNREADABLE_FILE", f.toString(), e.getCause() != null ? e.getCause().toString() : e.getMessage());
        }
    }

    private void readEvtx(Path f, EventParser parser, Run run) throws IOException {
        EvtxReader records;
        try {
            records = EvtxReader.open(f, recovered);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            run.summary.rejected("UNREADABLE_FILE", f.toString(), e.getMessage());
            return;
        }
        try (records) {
            while (records.hasNext() && !full(run.summary)) {
                EvtxReader.Record r = records.next();
                run.summary.documents++;
                try {
                    run.add(r.parse(parser), r.where());
                } catch (EventRejectedException e) {
                    run.summary.rejected(e.reason().name(), r.where(), e.getMessage());
                }
            }
        }
    }

    private boolean full(ScanSummary summary) {
        return limit > 0 && summary.documents >= limit;
    }

    /** The scoring policy: the config's (or the service's default) with the options applied. */
    private ScoringPolicy policy(CentinelaConfig cfg) {
        String mode = scoring != null ? scoring.toLowerCase(Locale.ROOT)
                : cfg != null ? cfg.scoringPolicy() : (String) dflt("pipeline.scoring.policy");
        if (!POLICIES.contains(mode)) {
            throw new UserException("scan: --scoring must be one of " + String.join(", ", POLICIES) + ", got " + scoring);
        }
        @SuppressWarnings("unchecked")
        List<String> kinds = scoringKinds != null ? scoringKinds
                : cfg != null ? cfg.list("pipeline.scoring.kinds") : (List<String>) dflt("pipeline.scoring.kinds");
        int budget = scoringBudget != null ? scoringBudget
                : cfg != null ? cfg.integer("pipeline.scoring.budget") : (Integer) dflt("pipeline.scoring.budget");
        try {
            return ScoringPolicy.parse(mode, kinds, budget);
        } catch (IllegalArgumentException e) {
            throw new UserException("scan: --scoring-kinds: " + e.getMessage() + " (kinds: windows, linux, web, email,"
                    + " generic)");
        }
    }

    /** The service's default for a key: declared once, in {@link CentinelaConfig#DEF}. */
    private static Object dflt(String key) {
        ConfigDef.Key k = CentinelaConfig.DEF.key(key);
        return k.defaultValue();
    }

    private AlertSink openSink() throws IOException {
        Writer w = out == null ? spec.commandLine().getOut() : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        return csv ? new AlertSink.Csv(w, out != null) : new AlertSink.JsonLines(w, out != null);
    }

    /** One scan's chunking, analysis and output. Owned by the scan's thread. */
    private static final class Run implements AutoCloseable {

        final AnalysisStages stages;
        final AlertSink sink;
        final ScanSummary summary;
        final int chunkSize;
        final ProgressLine progress;
        final EventScanner scanner;
        final List<Event> chunk = new ArrayList<>();

        Run(AnalysisStages stages, AlertSink sink, ScanSummary summary, int chunkSize, ProgressLine progress) {
            this.stages = stages;
            this.sink = sink;
            this.summary = summary;
            this.chunkSize = chunkSize;
            this.progress = progress;
            this.scanner = stages.engines().yara() == null ? null : stages.engines().yara().get();
        }

        void add(Event e, String where) throws IOException {
            summary.events++;
            summary.eventTime(EventTime.millis(e, -1));
            chunk.add(e);
            if (chunk.size() >= chunkSize) {
                flush();
            }
            progress.update(summary.documents, summary.alerts, where);
        }

        void flush() throws IOException {
            if (chunk.isEmpty()) {
                return;
            }
            AnalysisStages.ChunkResult r = stages.analyze(chunk, scanner);
            summary.scored += r.scored();
            for (int i = 0; i < chunk.size(); i++) {
                AnalysisStages.Outcome o = r.outcomes().get(i);
                if (o.failed()) {
                    summary.rejected(o.errorClass(), chunk.get(i).origin().key(), o.failure());
                } else if (o.alert().isPresent()) {
                    Alert a = o.alert().get();
                    summary.alert(a);
                    sink.write(a);
                }
            }
            chunk.clear();
        }

        @Override
        public void close() {
            if (scanner != null) {
                scanner.close();
            }
        }
    }

    /** Where alerts go: JSON lines (the alert schema) or CSV; closes the writer only when it is a file. */
    private sealed interface AlertSink extends AutoCloseable {

        void write(Alert a) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;

        record JsonLines(Writer w, boolean owned) implements AlertSink {
            @Override
            public void write(Alert a) throws IOException {
                w.write(AlertJson.mapper().writeValueAsString(a));
                w.write('\n');
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                if (owned) {
                    w.close();
                } else {
                    w.flush();
                }
            }
        }

        final class Csv implements AlertSink {
            private final AlertCsv csv;
            private final Writer w;
            private final boolean owned;

            Csv(Writer w, boolean owned) throws IOException {
                this.w = w;
                this.owned = owned;
                this.csv = new AlertCsv(w);
            }

            @Override
            public void write(Alert a) throws IOException {
                csv.write(a);
            }

            @Override
            public void flush() throws IOException {
                csv.flush();
            }

            @Override
            public void close() throws IOException {
                csv.flush();
                if (owned) {
                    w.close();
                }
            }
        }
    }
}
