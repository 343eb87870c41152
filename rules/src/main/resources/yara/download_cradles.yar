// Centinela project rules: download-and-execute cradles in command lines and scripts. CC0.

rule CENTINELA_PowerShell_Download_Cradle : powershell download T1105 T1059_001
{
  meta:
    author = "Centinela project"
    description = "PowerShell download cradle: a web download piped into execution (IEX / Invoke-Expression)"
    severity = "high"
    mitre_attack = "T1105, T1059.001"
    date = "2026-11-26"
  strings:
    $dl1 = "DownloadString" nocase ascii wide
    $dl2 = "DownloadData" nocase ascii wide
    $dl3 = /Invoke-WebRequest|\biwr\b|Invoke-RestMethod|\birm\b/ nocase
    $dl4 = "Net.WebClient" nocase ascii wide
    $dl5 = "Msxml2.XMLHTTP" nocase ascii wide
    $ex1 = /\b(IEX|Invoke-Expression)\b/ nocase
    $ex2 = /\|\s*(IEX|Invoke-Expression)\b/ nocase
    $ex3 = "&(gcm *w*r*e*)" nocase
  condition:
    any of ($dl*) and any of ($ex*)
}

rule CENTINELA_LOLBin_Download : download T1105 T1218
{
  meta:
    author = "Centinela project"
    description = "Living-off-the-land binary used to fetch a remote file: certutil -urlcache, bitsadmin /transfer, mshta/regsvr32 with a URL"
    severity = "high"
    mitre_attack = "T1105, T1218"
    date = "2026-11-26"
  strings:
    $certutil = /certutil(\.exe)?\s+.{0,40}[-\/](urlcache|verifyctl)\b.{0,60}https?:\/\// nocase
    $bits = /bitsadmin(\.exe)?\s+.{0,40}\/transfer\b.{0,200}https?:\/\// nocase
    $mshta = /mshta(\.exe)?\s+["']?(https?:\/\/|javascript:|vbscript:)/ nocase
    $regsvr = /regsvr32(\.exe)?\s+.{0,60}\/i:\s*["']?https?:\/\/.{0,200}scrobj(\.dll)?/ nocase
    $bitsps = /Start-BitsTransfer\s+.{0,40}-Source\s+["']?https?:\/\// nocase
  condition:
    any of them
}

rule CENTINELA_Unix_Download_Pipe_Shell : linux download T1105 T1059_004
{
  meta:
    author = "Centinela project"
    description = "curl/wget output piped straight into a shell interpreter"
    severity = "high"
    mitre_attack = "T1105, T1059.004"
    date = "2026-11-26"
  strings:
    $pipe = /\b(curl|wget)\s[^|;]{0,200}https?:\/\/[^|;]{0,300}\|\s*(sudo\s+)?(ba|da|z|k)?sh\b/ nocase
    $pipe2 = /\b(curl|wget)\s[^|;]{0,200}https?:\/\/[^|;]{0,300}\|\s*(sudo\s+)?(python[23]?|perl|ruby|php)\b/ nocase
  condition:
    any of them
}
