package io.centinela.sigma.correlation;

import io.centinela.testkit.SharedData;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correlation rules of our own over recorded attacks in ../shared/data/windows-logs (Mordor), via the offline scan. */
class CorrelationRealLogsTest {

    private static final String LATERAL = "windows-logs/OTRF-Security-Datasets/datasets/atomic/windows/lateral_movement/host/";

    private static List<CorrelationMatch> scan(LoadResult rules, Path zip) throws IOException {
        return RecordedLogScan.analystFacing(CorrelationFixture.engine(rules, CorrelationOptions.defaults()),
                rules.ruleSet(), zip);
    }

    @Test
    void remoteServiceInstallByCovenantSharpSc() throws IOException {
        LoadResult rules = CorrelationFixture.load("mr_remote_service_install.yml");
        List<CorrelationMatch> ms = scan(rules, SharedData.path(LATERAL + "covenant_sharpsc_create_dcerpc_smb_svcctl.zip"));
        assertEquals(1, ms.size(), ms.toString());
        CorrelationMatch m = ms.get(0);
        assertEquals(Map.of("Computer", "WORKSTATION6.theshire.local"), m.groupBy());
        assertEquals("high", m.level());
        assertEquals(2, m.value());
        // 5145 svcctl at 06:27:10.554 then 7045 (GruntHTTP2 service) at 06:27:31.787
        assertTrue(m.excerpts().stream().anyMatch(x -> x.contains("EventID=5145")), m.excerpts().toString());
        assertTrue(m.excerpts().stream().anyMatch(x -> x.contains("EventID=7045")), m.excerpts().toString());
        assertTrue(m.attackTechniques().containsAll(List.of("T1569.002", "T1021.002", "T1543.003")), m.attackTechniques().toString());
        assertTrue(m.lastEventTime() - m.firstEventTime() < 60_000);
    }

    @Test
    void shareAccessBurstsPerSourceInPsRemotingRecording() throws IOException {
        LoadResult rules = CorrelationFixture.load("mr_share_access_burst.yml");
        List<CorrelationMatch> ms = scan(rules, SharedData.path(LATERAL + "covenant_psremoting_grunt.zip"));
        // Three workstations read SYSVOL (86 accesses each within about a second): one match each, not 86 - 49.
        Set<String> sources = ms.stream().map(m -> m.groupBy().get("SubjectUserName")).collect(Collectors.toSet());
        assertEquals(Set.of("IT001$", "ACCT001$", "HR001$"), sources, ms.toString());
        assertEquals(3, ms.size());
        for (CorrelationMatch m : ms) {
            assertEquals(50, m.eventCount());
            assertEquals(50, m.value());
            assertEquals(50, m.events().size());
        }
    }
}
