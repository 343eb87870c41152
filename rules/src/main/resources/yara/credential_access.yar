// Centinela project rules: credential theft tooling on command lines. CC0.

rule CENTINELA_Mimikatz_Commands : credential_access T1003_001
{
  meta:
    author = "Centinela project"
    description = "Mimikatz module::command syntax (sekurlsa, lsadump, kerberos ...) in a command line or script"
    severity = "critical"
    mitre_attack = "T1003.001"
    date = "2026-11-26"
  strings:
    $c1 = "sekurlsa::" nocase ascii wide
    $c2 = "lsadump::" nocase ascii wide
    $c3 = "kerberos::golden" nocase ascii wide
    $c4 = "kerberos::ptt" nocase ascii wide
    $c5 = "privilege::debug" nocase ascii wide
    $c6 = "Invoke-Mimikatz" nocase ascii wide
    $c7 = "dpapi::" nocase ascii wide
  condition:
    any of them
}

rule CENTINELA_LSASS_Dump_Commandline : credential_access T1003_001
{
  meta:
    author = "Centinela project"
    description = "LSASS memory dump with comsvcs.dll MiniDump or procdump -ma lsass"
    severity = "critical"
    mitre_attack = "T1003.001"
    date = "2026-11-26"
  strings:
    $comsvcs = /comsvcs(\.dll)?[",\s]+#?(MiniDump|24)\b/ nocase
    $procdump = /procdump(64)?(\.exe)?\s.{0,60}-ma\s.{0,40}lsass/ nocase
  condition:
    any of them
}
