package io.centinela.pipeline;

import io.centinela.config.ConfigException;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.yara.EventScanner;
import io.centinela.yara.YaraMatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YARA engine is wired into the pipeline's engines: bundled rules, per-thread scanners, bad folder refused. */
class EngineFactoryYaraTest {

    @Test
    void bundledYaraRulesScanEventsThroughPerThreadScanners() throws Exception {
        AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(true, List.of(), List.of(), false, null));
        assertTrue(engines.yaraRules() >= 15, "bundled YARA rules: " + engines.yaraRules());
        var event = new EventParser().parse(("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
                + "\"CommandLine\":\"vssadmin.exe delete shadows /all /quiet\"}").getBytes(StandardCharsets.UTF_8),
                new EventOrigin.File("t", 1));
        try (EventScanner scanner = engines.yara().get()) {
            List<String> rules = scanner.scan(event).stream().map(YaraMatch::rule).toList();
            assertEquals(List.of("CENTINELA_Shadow_Copy_Deletion"), rules);
        }
    }

    @Test
    void noYaraRulesMeansNoScanner() {
        assertNull(EngineFactory.create(new EngineFactory.Spec(false, List.of(), List.of(), false, null)).yara());
    }

    @Test
    void missingYaraFolderIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> EngineFactory.create(
                new EngineFactory.Spec(false, List.of(), List.of(Path.of("/nonexistent/yara")), false, null)));
        assertTrue(e.getMessage().contains("rules.yara.dirs"), e.getMessage());
    }
}
