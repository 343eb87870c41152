// Centinela project rules: PowerShell abuse in command lines and script blocks. CC0.

rule CENTINELA_PowerShell_EncodedCommand : powershell T1059_001 T1027
{
  meta:
    author = "Centinela project"
    description = "PowerShell started with -EncodedCommand (or an abbreviation) and a base64 argument"
    severity = "medium"
    mitre_attack = "T1059.001, T1027"
    date = "2026-11-26"
  strings:
    // One regex anchored on the program name: "-e" alone is too weak an atom for libyara.
    $enc = /(powershell|pwsh)(\.exe)?["']?\s[^\r\n]{0,200}[-\/]e[a-z]{0,13}\s+["']?[A-Za-z0-9+\/]{20}/ nocase
  condition:
    $enc
}

rule CENTINELA_PowerShell_Encoded_Malicious_Keywords : powershell T1059_001 T1027
{
  meta:
    author = "Centinela project"
    description = "Base64 of UTF-16LE PowerShell (what -EncodedCommand carries) hiding download, execution or AMSI tampering keywords"
    severity = "high"
    mitre_attack = "T1059.001, T1027"
    date = "2026-11-26"
  strings:
    $k1 = "IEX" wide base64
    $k2 = "Invoke-Expression" wide base64
    $k3 = "DownloadString" wide base64
    $k4 = "DownloadData" wide base64
    $k5 = "Net.WebClient" wide base64
    $k6 = "FromBase64String" wide base64
    $k7 = "AmsiUtils" wide base64
    $k8 = "VirtualAlloc" wide base64
    $k9 = "Invoke-WebRequest" wide base64
  condition:
    any of them
}

rule CENTINELA_PowerShell_Hidden_NonInteractive : powershell T1059_001 T1564_003
{
  meta:
    author = "Centinela project"
    description = "PowerShell with a hidden window, no profile and execution policy bypass together: typical of droppers"
    severity = "medium"
    mitre_attack = "T1059.001, T1564.003"
    date = "2026-11-26"
  strings:
    $ps = /(powershell|pwsh)(\.exe)?/ nocase
    $hidden = /[-\/]w[a-z]{0,13}\s+hidden\b/ nocase
    $nop = /\s[-\/]nop(rofile|rofil|rofi|rof|ro|r)?\b/ nocase
    $bypass = /\s[-\/]ex(ecutionpolicy|ecutionpolic|ecutionpoli|ecutionpol|ecutionpo|ecutionp|ecution|ecutio|ecuti|ecut|ecu|ec|e)?\s+(bypass|unrestricted)\b/ nocase
  condition:
    $ps and $hidden and ($nop or $bypass)
}

rule CENTINELA_PowerShell_AMSI_Bypass : powershell T1562_001
{
  meta:
    author = "Centinela project"
    description = "AMSI bypass: reflection on System.Management.Automation.AmsiUtils / amsiInitFailed, or patching AmsiScanBuffer"
    severity = "high"
    mitre_attack = "T1562.001"
    date = "2026-11-26"
  strings:
    $a1 = "AmsiUtils" nocase ascii wide
    $a2 = "amsiInitFailed" nocase ascii wide
    $a3 = "AmsiScanBuffer" nocase ascii wide
    $a4 = "amsiContext" nocase ascii wide
    $r1 = "GetField" nocase ascii wide
    $r2 = "NonPublic" nocase ascii wide
    $r3 = "VirtualProtect" nocase ascii wide
  condition:
    ($a1 and $a2) or (($a3 or $a4) and any of ($r*))
}
