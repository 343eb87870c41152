package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.util.List;
import java.util.Optional;

/**
 * The fusion stage as the pipeline sees it: one event and its detections -> an alert or nothing. The analyzer's
 * {@code io.centinela.fusion} implements the scoring; {@link InterimFusion} stands in until it is merged.
 * {@code model} is null when the event was not scored.
 */
@FunctionalInterface
public interface AlertFusion {
    Optional<Alert> fuse(Event event, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model);
}
