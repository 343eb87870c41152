// Centinela project rules: recovery inhibition and log clearing on command lines. CC0.

rule CENTINELA_Shadow_Copy_Deletion : impact T1490
{
  meta:
    author = "Centinela project"
    description = "Volume shadow copies deleted or recovery disabled: vssadmin/wmic/bcdedit/wbadmin (ransomware preparation)"
    severity = "high"
    mitre_attack = "T1490"
    date = "2026-11-26"
  strings:
    $vss = /vssadmin(\.exe)?\s+delete\s+shadows/ nocase
    $wmic = /wmic(\.exe)?\s+shadowcopy\s+delete/ nocase
    $bcd = /bcdedit(\.exe)?\s.{0,40}recoveryenabled\s+no/ nocase
    $wb = /wbadmin(\.exe)?\s+delete\s+(catalog|systemstatebackup)/ nocase
    $ps = /Get-WmiObject\s+Win32_Shadowcopy.{0,40}(Remove-WmiObject|\.Delete\(\))/ nocase
  condition:
    any of them
}

rule CENTINELA_Event_Log_Clearing : defense_evasion T1070_001
{
  meta:
    author = "Centinela project"
    description = "Windows event logs cleared from the command line (wevtutil cl, Clear-EventLog)"
    severity = "high"
    mitre_attack = "T1070.001"
    date = "2026-11-26"
  strings:
    $wevt = /wevtutil(\.exe)?\s+(cl|clear-log)\s/ nocase
    $ps = /Clear-EventLog\s/ nocase
    $ps2 = /Remove-EventLog\s/ nocase
  condition:
    any of them
}
