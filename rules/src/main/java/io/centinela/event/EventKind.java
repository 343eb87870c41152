package io.centinela.event;

/** The broad family of an event: decides log-source mapping, YARA scan policy and the model's text rendering. */
public enum EventKind {
    /** Windows event log (Sysmon, Security, PowerShell, System...). */
    WINDOWS,
    /** Linux logs (auditd, syslog, auth). */
    LINUX,
    /** Web server or proxy request. */
    WEB,
    /** E-mail gateway message. */
    EMAIL,
    /** Anything else: generic JSON. */
    GENERIC
}
