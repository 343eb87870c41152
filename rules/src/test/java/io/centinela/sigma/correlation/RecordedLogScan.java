package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaEvaluator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: a recorded log (or generated sample file) through the rules and the offline correlation scan. */
public final class RecordedLogScan {

    private RecordedLogScan() {
    }

    /** The analyst-facing correlation matches of {@code file}; unparseable lines are skipped (the archives hold some). */
    public static List<CorrelationMatch> analystFacing(CorrelationEngine engine, SigmaEvaluator rules, Path file)
            throws IOException {
        CorrelationScan scan = new CorrelationScan(engine);
        EventParser parser = new EventParser();
        List<CorrelationMatch> out = new ArrayList<>();
        try (EventFileReader r = EventFileReader.open(file)) {
            while (r.hasNext()) {
                EventFileReader.Document d = r.next();
                Event e;
                try {
                    e = d.parse(parser, EventFormat.AUTO);
                } catch (EventRejectedException bad) {
                    continue; // the archives hold a few broken lines on purpose (SOURCE.md)
                }
                out.addAll(scan.accept(e, rules.evaluate(e)));
            }
        }
        out.addAll(scan.finish());
        return out.stream().filter(CorrelationMatch::analystFacing).toList();
    }
}
