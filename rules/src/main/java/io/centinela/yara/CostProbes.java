package io.centinela.yara;

import io.centinela.yara.policy.RuleGroup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The buffers every rule is measured on at load: 4 KiB of event text (the command lines, script blocks, URLs and
 * paths the policy scans) and 64 KiB of pseudo-random printable text (a long field; loops over {@code filesize}
 * show there). Fixed content, so a rule's measured cost does not depend on the run.
 */
final class CostProbes {

    static final int EVENT_TEXT_BYTES = 4 << 10;
    static final int LARGE_TEXT_BYTES = 64 << 10;

    private static final String EVENT_TEXT = String.join("\n",
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NoProfile -ExecutionPolicy Bypass "
                    + "-Command \"Get-ChildItem -Path C:\\Users\\alice\\AppData\\Local\\Temp -Recurse | "
                    + "Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-7) } | Remove-Item -Force\"",
            "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US "
                    + "--enable-auto-reload --field-trial-handle=1736,i,1234567890 /prefetch:1",
            "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
            "/usr/bin/curl -fsSL https://packages.example.com/repo/gpg.key -o /etc/apt/keyrings/example.asc",
            "GET /index.php?page=products&id=1042&sort=price_asc HTTP/1.1 Host: shop.example.com "
                    + "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            "Subject: Quarterly report - please review the attached spreadsheet before Friday's meeting",
            "cmd.exe /c \"cd /d C:\\ProgramData\\Agent && agent.exe --config agent.conf --log-level info\"");

    private CostProbes() {
    }

    /** The probes for a group: text groups get {@code event_type=windows}, content and module groups {@code file}. */
    static List<CostMeter.Probe> forGroup(RuleGroup group) {
        String type = group == RuleGroup.TEXT ? "windows" : "file";
        return List.of(new CostMeter.Probe("event-text-4KiB", eventText(), type),
                new CostMeter.Probe("text-64KiB", largeText(), type));
    }

    static byte[] eventText() {
        StringBuilder sb = new StringBuilder(EVENT_TEXT_BYTES + EVENT_TEXT.length());
        while (sb.length() < EVENT_TEXT_BYTES) {
            sb.append(EVENT_TEXT).append('\n');
        }
        sb.setLength(EVENT_TEXT_BYTES);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] largeText() {
        Random random = new Random(42);
        byte[] b = new byte[LARGE_TEXT_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (random.nextInt(10) == 0 ? ' ' : 33 + random.nextInt(94));
        }
        return b;
    }
}
