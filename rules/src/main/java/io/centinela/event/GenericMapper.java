package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Any JSON object: every leaf under its dotted path (Elasticsearch-style, see {@link JsonValues#flatten}).
 * Recognises Linux events (auditd JSON, syslog JSON, ECS/Auditbeat with {@code host.os.type: linux}) and then
 * adds the Sigma names SigmaHQ's linux rules use: Image, CommandLine, ParentImage, User, CurrentDirectory
 * (from {@code process.*} / {@code user.name}, or auditd's exe / proctitle / cwd).
 */
final class GenericMapper implements FieldMapper {

    private static final Set<String> LINUX_FAMILIES = Set.of("debian", "redhat", "ubuntu", "centos", "rhel",
            "suse", "arch", "alpine", "linux", "amazon", "fedora");

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonValues.flatten("", tree, out);
        if (isLinux(tree)) {
            alias(out, "Image", "process.executable", "exe");
            alias(out, "CommandLine", "process.command_line", "proctitle", "cmdline");
            if (!out.containsKey("CommandLine") && out.get("process.args") instanceof List<?> args) {
                out.put("CommandLine", String.join(" ", args.stream().map(String::valueOf).toList()));
            }
            alias(out, "ParentImage", "process.parent.executable");
            alias(out, "ParentCommandLine", "process.parent.command_line");
            alias(out, "User", "user.name", "auid_name", "uid_name");
            alias(out, "CurrentDirectory", "process.working_directory", "cwd");
            alias(out, "ProcessId", "process.pid", "pid");
            alias(out, "ParentProcessId", "process.parent.pid", "ppid");
            alias(out, "Computer", "host.hostname", "host.name", "hostname");
        }
    }

    private static void alias(Map<String, Object> out, String sigma, String... paths) {
        for (String p : paths) {
            Object v = out.get(p);
            if (v != null) {
                out.putIfAbsent(sigma, v);
                return;
            }
        }
    }

    /** auditd JSON (type + syscall/exe/proctitle), syslog JSON (facility/program), or ECS host.os of Linux. */
    static boolean isLinux(JsonNode tree) {
        String osType = lower(JsonValues.at(tree, "host.os.type"));
        String osFamily = lower(JsonValues.at(tree, "host.os.family"));
        if ("linux".equals(osType) || (osFamily != null && LINUX_FAMILIES.contains(osFamily))) {
            return true;
        }
        if (tree.has("auditd") || JsonValues.at(tree, "event.module").asText("").equals("auditd")) {
            return true;
        }
        if (tree.has("type") && (tree.has("syscall") || tree.has("proctitle") || tree.has("exe"))) {
            return true;
        }
        return (tree.has("facility") || tree.has("syslog_facility") || tree.path("log").has("syslog"))
                && (tree.has("program") || tree.has("appname") || tree.has("message") || tree.has("ident"));
    }

    private static String lower(JsonNode n) {
        String s = JsonValues.scalar(n);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return isLinux(tree) ? EventKind.LINUX : EventKind.GENERIC;
    }
}
