// Centinela project rules: anti-malware test files (pipeline checks). CC0.

rule CENTINELA_EICAR_Test_File : test eicar
{
  meta:
    author = "Centinela project"
    description = "EICAR anti-malware test file (plain): e.g. a decoded e-mail attachment"
    severity = "low"
    reference = "https://www.eicar.org/download-anti-malware-testfile/"
    date = "2026-11-26"
  strings:
    $eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
  condition:
    $eicar in (0..1024)
}

rule CENTINELA_EICAR_Base64_In_Text : test eicar
{
  meta:
    author = "Centinela project"
    description = "EICAR test string base64-encoded inside event text (an attachment the gateway did not decode)"
    severity = "low"
    date = "2026-11-26"
  strings:
    $b64 = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" base64
  condition:
    $b64
}
