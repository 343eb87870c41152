package io.centinela.fusion;

import io.centinela.event.Event;

import java.util.Locale;

/**
 * The CIM entity fields of an event, by its kind: who ({@code user}), from where ({@code src}), against what
 * ({@code dest}, {@code dvc}), with which file/URL, and the ES risk and threat objects. Values that Windows
 * writes for "none" ({@code -}, empty) count as absent. Mapping table in docs/alert-schema.md.
 */
public record CimFields(String src, String dest, String user, String dvc, String fileName, String filePath,
                        String fileHash, String url, String riskObject, String riskObjectType,
                        String threatObject, String threatObjectType) {

    private static final int THREAT_OBJECT_MAX = 512;

    public static CimFields of(Event e) {
        return switch (e.kind()) {
            case WINDOWS -> windows(e);
            case WEB -> web(e);
            case EMAIL -> email(e);
            case LINUX, GENERIC -> generic(e);
        };
    }

    private static CimFields windows(Event e) {
        String dest = first(e, "Computer");
        String user = first(e, "User", "TargetUserName", "SubjectUserName", "AccountName");
        if (user != null && !user.contains("\\")) {
            String domain = e.field("TargetUserName") != null && user.equals(e.field("TargetUserName"))
                    ? first(e, "TargetDomainName") : null;
            user = domain == null ? user : domain + "\\" + user;
        }
        String src = first(e, "SourceIp", "IpAddress", "SourceHostname", "WorkstationName");
        if (src != null && (src.equals("::1") || src.equals("127.0.0.1")) && first(e, "DestinationIp") == null) {
            src = null;
        }
        String path = first(e, "TargetFilename", "ImageLoaded", "Image", "NewProcessName", "ProcessName");
        String hash = hashFrom(first(e, "Hashes", "Hash"));
        String command = first(e, "CommandLine", "ScriptBlockText", "Payload");
        String threat;
        String threatType;
        if (command != null) {
            threat = command;
            threatType = "command";
        } else if (hash != null) {
            threat = hash;
            threatType = "file_hash";
        } else if (first(e, "TargetObject") != null) {
            threat = first(e, "TargetObject");
            threatType = "registry_path";
        } else {
            threat = path;
            threatType = path == null ? null : "file_path";
        }
        return new CimFields(src, dest, user, dest, baseName(path), path, hash, null,
                dest != null ? dest : user, dest != null ? "system" : user != null ? "user" : null,
                cap(threat), threatType);
    }

    private static CimFields web(Event e) {
        String src = first(e, "c-ip", "source.address");
        String host = first(e, "cs-host");
        String dest = first(e, "s-ip", "url.domain", "destination.domain");
        if (host != null) {
            int colon = host.lastIndexOf(':');
            dest = colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
        }
        String dvc = first(e, "observer.hostname", "observer.name", "host.name");
        String url = first(e, "c-uri", "cs-uri");
        String path = first(e, "cs-uri-stem");
        return new CimFields(src, dest, first(e, "cs-username"), dvc != null ? dvc : dest, baseName(path), null,
                null, url, dest != null ? dest : src, dest != null || src != null ? "system" : null,
                cap(src != null ? src : url), src != null ? "ip_address" : url != null ? "url" : null);
    }

    private static CimFields email(Event e) {
        String sender = first(e, "sender");
        String recipient = first(e, "recipient");
        String src = first(e, "source.ip", "email.headers.X-Originating-IP");
        String name = first(e, "email.attachments.file.name");
        String hash = first(e, "email.attachments.file.hash.sha256", "email.attachments.file.hash.md5");
        String url = first(e, "email.urls", "url.original");
        String dvc = first(e, "observer.hostname", "host.name");
        return new CimFields(src != null ? src : sender, recipient, recipient, dvc, name, null, hash, url,
                recipient, recipient == null ? null : "user",
                cap(sender != null ? sender : hash), sender != null ? "email_address" : hash != null ? "file_hash" : null);
    }

    private static CimFields generic(Event e) {
        String dest = first(e, "Computer", "host.hostname", "host.name", "hostname", "host", "dest");
        String user = first(e, "User", "user.name", "user", "auid_name");
        String src = first(e, "source.ip", "src_ip", "src", "client.ip", "addr");
        String path = first(e, "Image", "process.executable", "file.path");
        String command = first(e, "CommandLine");
        String hash = first(e, "file.hash.sha256", "process.hash.sha256", "hash.sha256");
        return new CimFields(src, dest, user, dest, baseName(path), path, hash, first(e, "url.original", "url"),
                dest != null ? dest : user, dest != null ? "system" : user != null ? "user" : null,
                cap(command != null ? command : path), command != null ? "command" : path != null ? "file_path" : null);
    }

    /** The first present, meaningful value among the fields. */
    static String first(Event e, String... names) {
        for (String n : names) {
            String v = e.field(n);
            if (v != null && !v.isBlank() && !v.equals("-")) {
                return v;
            }
        }
        return null;
    }

    /** SHA256 from a Sysmon {@code Hashes} list, else SHA1, else MD5, else a bare hex hash; lower case. */
    static String hashFrom(String hashes) {
        if (hashes == null) {
            return null;
        }
        String best = null;
        int rank = 0;
        for (String part : hashes.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (part.trim().matches("[0-9A-Fa-f]{32,128}")) {
                    return part.trim().toLowerCase(Locale.ROOT);
                }
                continue;
            }
            String algo = part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            int r = switch (algo) {
                case "SHA256" -> 3;
                case "SHA1" -> 2;
                case "MD5" -> 1;
                default -> 0;
            };
            if (r > rank) {
                rank = r;
                best = part.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            }
        }
        return best;
    }

    static String baseName(String path) {
        if (path == null) {
            return null;
        }
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        String name = path.substring(cut + 1);
        return name.isEmpty() ? null : name;
    }

    private static String cap(String s) {
        return s == null || s.length() <= THREAT_OBJECT_MAX ? s : s.substring(0, THREAT_OBJECT_MAX);
    }
}
