package io.centinela.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code centinela normalize <file>...}: prints the normalised view of every event (one JSON object per line:
 * origin, format, kind, fields) so users can check their field mapping; rejected events go to stderr with their
 * reason, then a summary.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = {"Print the normalised (Sigma field name) view of each event of JSON-lines or concatenated-JSON"
                + " files (.gz and .zip read in place).",
                "Normalised events go to stdout as JSON lines; rejected ones and the summary go to stderr."})
public final class NormalizeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (.json, .jsonl, .gz, .zip).")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class, defaultValue = "auto",
            description = "Event format: auto (detect per event), evtx-json, winlogbeat, ecs-windows, flat-windows,"
                    + " ecs-web, ecs-email, generic. Default: ${DEFAULT-VALUE}.")
    EventFormat format;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "AUTO",
            description = "File layout: AUTO, JSON_LINES, CONCATENATED. Default: ${DEFAULT-VALUE}.")
    EventFileReader.Layout layout;

    @Option(names = "--max-bytes", defaultValue = "" + EventParser.DEFAULT_MAX_BYTES,
            description = "Reject events larger than this many bytes. Default: ${DEFAULT-VALUE}.")
    int maxBytes;

    @Option(names = "--max-depth", defaultValue = "" + EventParser.DEFAULT_MAX_DEPTH,
            description = "Reject events nested deeper than this. Default: ${DEFAULT-VALUE}.")
    int maxDepth;

    @Option(names = "--limit", defaultValue = "-1", description = "Print at most this many events (the summary still"
            + " counts all). Default: all.")
    long limit;

    @Option(names = "--summary-only", description = "Print only rejections and the summary.")
    boolean summaryOnly;

    @Option(names = "--with-raw", description = "Also print the original event under \"raw\".")
    boolean withRaw;

    @Option(names = "--fail-on-reject", description = "Exit with status 3 when any event was rejected.")
    boolean failOnReject;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        EventParser parser = new EventParser(maxBytes, maxDepth, new EventNormalizer());
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long ok = 0;
        long printed = 0;
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, Long> formats = new TreeMap<>();
        Map<String, Long> kinds = new TreeMap<>();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                err.println("centinela normalize: cannot read " + file);
                return 2;
            }
            try (EventFileReader reader = EventFileReader.open(file, layout, maxBytes)) {
                while (reader.hasNext()) {
                    EventFileReader.Document doc = reader.next();
                    Event event;
                    try {
                        event = doc.parse(parser, format);
                    } catch (EventRejectedException e) {
                        rejected.merge(e.reason().name(), 1L, Long::sum);
                        err.println("rejected " + doc.where() + ": " + e.getMessage());
                        continue;
                    }
                    ok++;
                    formats.merge(event.format().name(), 1L, Long::sum);
                    kinds.merge(event.kind().name(), 1L, Long::sum);
                    if (!summaryOnly && (limit < 0 || printed < limit)) {
                        printed++;
                        out.println(json.writeValueAsString(view(event)));
                    }
                }
            } catch (UncheckedIOException e) {
                err.println("centinela normalize: " + e.getMessage());
                return 2;
            }
        }
        out.flush();
        long bad = rejected.values().stream().mapToLong(Long::longValue).sum();
        err.printf(java.util.Locale.ROOT, "normalised %d events, rejected %d%s; formats %s; kinds %s%n", ok, bad,
                bad == 0 ? "" : " " + rejected, formats, kinds);
        err.flush();
        return failOnReject && bad > 0 ? 3 : 0;
    }

    private Map<String, Object> view(Event e) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("origin", e.origin().key());
        v.put("format", e.format().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        v.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        v.put("fields", e.fields());
        if (withRaw) {
            v.put("raw", e.raw());
        }
        return v;
    }

    /** Accepts {@code evtx-json}, {@code EVTX_JSON}, ... via {@link EventFormat#parse}. */
    public static final class FormatConverter implements picocli.CommandLine.ITypeConverter<EventFormat> {
        @Override
        public EventFormat convert(String value) {
            return EventFormat.parse(value);
        }
    }
}
