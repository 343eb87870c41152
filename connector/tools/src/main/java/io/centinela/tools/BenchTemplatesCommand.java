package io.centinela.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.cli.Inputs;
import io.centinela.demo.EventGenerator;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.event.EventTime;
import io.centinela.model.serve.ScoreCache;
import io.centinela.text.EventText;
import io.centinela.text.TextRendering;
import io.centinela.testkit.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code centinela bench templates}: how much of a stream the model's template cache saves. Each stream is replayed
 * in event-time order through the rendering the model sees (masked text) and through a {@link ScoreCache} of the
 * configured size, exactly as the service looks it up; prints unique-text ratio and cache hit rate per stream.
 */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "Unique masked texts and template-cache hit rate on the Mordor replay, ood/web and the demo stream.")
final class BenchTemplatesCommand implements Callable<Integer> {

    @Option(names = "--cache", defaultValue = "10000", description = "Cache entries (default ${DEFAULT-VALUE}, the scorer default).")
    int cacheSize;

    @Option(names = "--demo-events", defaultValue = "20000", description = "Demo generator events (default ${DEFAULT-VALUE}).")
    int demoEvents;

    @Option(names = "--shared", paramLabel = "DIR", description = "The shared folder (default: the one beside the repository).")
    Path shared;

    private record Timed(long time, String text) {
    }

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("shared folder", shared);
        Path data = (shared != null ? shared : SharedData.shared()).resolve("data");
        System.out.printf("| stream | events | unique texts | unique ratio | cache hit rate (%d entries) |%n", cacheSize);
        System.out.println("|---|---|---|---|---|");
        report("Mordor archives, event-time order", mordor(data.resolve("windows-logs")));
        report("ml/ood/web (real site traffic)", oodWeb(data.resolve("ml/ood/web")));
        report("demo generator (seed 42)", demo());
        return 0;
    }

    private void report(String name, List<Timed> events) {
        events.sort(Comparator.comparingLong(Timed::time));
        ScoreCache cache = new ScoreCache(cacheSize);
        Set<String> unique = new HashSet<>();
        for (Timed t : events) {
            unique.add(t.text());
            if (cache.get(t.text()) == null) {
                cache.put(t.text(), 0f);
            }
        }
        System.out.printf("| %s | %,d | %,d | %.3f | %.3f |%n", name, events.size(), unique.size(),
                events.isEmpty() ? 0 : (double) unique.size() / events.size(), cache.hitRate());
    }

    private static List<Timed> mordor(Path dir) throws Exception {
        List<Path> zips;
        try (Stream<Path> s = Files.walk(dir)) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        EventParser parser = new EventParser();
        List<Timed> out = new ArrayList<>();
        for (Path z : zips) {
            try (EventFileReader r = EventFileReader.open(z)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    try {
                        Event e = d.parse(parser, EventFormat.AUTO);
                        out.add(new Timed(time(e), EventText.text(e, TextRendering.LATEST)));
                    } catch (EventRejectedException bad) {
                        // counted by `normalize`; not part of what the model sees
                    }
                }
            }
        }
        return out;
    }

    private static List<Timed> oodWeb(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        EventParser parser = new EventParser();
        List<Timed> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                long n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode ev = json.readTree(line).path("event");
                    try {
                        Event e = parser.parse(json.writeValueAsBytes(ev), new EventOrigin.File(f.toString(), n),
                                EventFormat.AUTO);
                        out.add(new Timed(time(e), EventText.text(e, TextRendering.LATEST)));
                    } catch (EventRejectedException bad) {
                        // not an event
                    }
                }
            }
        }
        return out;
    }

    private List<Timed> demo() {
        EventParser parser = new EventParser();
        Map<String, EventFormat> formats = Map.of(EventGenerator.SYSMON, EventFormat.EVTX_JSON,
                EventGenerator.WEB, EventFormat.ECS_WEB, EventGenerator.EMAIL, EventFormat.ECS_EMAIL);
        List<Timed> out = new ArrayList<>();
        long n = 0;
        for (EventGenerator.Generated g : new EventGenerator(42).generate(demoEvents, 0.01)) {
            try {
                Event e = parser.parse(g.value(), new EventOrigin.Kafka(g.topic(), 0, n, 0L), formats.get(g.topic()));
                out.add(new Timed(n++, EventText.text(e, TextRendering.LATEST))); // generator order is its time order
            } catch (EventRejectedException bad) {
                // the generator's poison records
            }
        }
        return out;
    }

    private static long time(Event e) {
        return EventTime.millis(e, Long.MAX_VALUE);
    }
}
