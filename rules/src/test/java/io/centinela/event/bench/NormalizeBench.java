package io.centinela.event.bench;

import io.centinela.testkit.SharedData;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Events/s of parse + normalise on real Mordor events (one archive, 6,202 events), against Jackson readTree alone
 * on the same bytes (the reference), and of EventFileReader splitting. Run:
 * {@code mvn -q -o -pl rules test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openjdk.jmh.Main
 * -Dexec.args="NormalizeBench -f 1"} (see docs/events.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class NormalizeBench {

    private static final int N = 6202;

    private final EventParser parser = new EventParser();
    private final com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
    private List<byte[]> events;
    private byte[] file;

    @Setup
    public void load() throws Exception {
        Path zip = SharedData.path("windows-logs/OTRF-Security-Datasets/datasets/atomic/windows/collection/host/"
                + "msf_record_mic.zip");
        events = new ArrayList<>();
        var all = new java.io.ByteArrayOutputStream();
        try (EventFileReader r = EventFileReader.open(zip)) {
            while (r.hasNext()) {
                byte[] b = r.next().bytes();
                events.add(b);
                all.write(b);
                all.write('\n');
            }
        }
        if (events.size() != N) {
            throw new IllegalStateException("expected " + N + " events, got " + events.size());
        }
        file = all.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void jacksonReadTreeOnly(Blackhole bh) throws Exception {
        for (byte[] e : events) {
            bh.consume(jackson.readTree(e));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void parseAndNormalize(Blackhole bh) throws EventRejectedException {
        EventOrigin origin = new EventOrigin.Kafka("t", 0, 0, 0);
        for (byte[] e : events) {
            bh.consume(parser.parse(e, origin, EventFormat.AUTO));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void fileReaderSplitOnly(Blackhole bh) throws Exception {
        try (EventFileReader r = EventFileReader.of(new ByteArrayInputStream(file), "mem",
                EventFileReader.Layout.AUTO, EventParser.DEFAULT_MAX_BYTES)) {
            while (r.hasNext()) {
                bh.consume(r.next());
            }
        }
    }
}
