// Centinela project rules: interactive reverse shells in command lines. CC0.

rule CENTINELA_Reverse_Shell_Commandline : linux execution T1059_004
{
  meta:
    author = "Centinela project"
    description = "Reverse shell one-liners: bash /dev/tcp, nc -e, socat exec, python/perl socket + shell"
    severity = "critical"
    mitre_attack = "T1059.004, T1059.006"
    date = "2026-11-26"
  strings:
    $bash = /\b(ba)?sh\s+-i\s*[>&]+\s*\/dev\/(tcp|udp)\/[^\/\s]+\/\d+/
    $devtcp = /(exec\s+\d+<>|>&?\s*)\/dev\/tcp\/[^\/\s]+\/\d+/
    $nc = /\b(nc|ncat|netcat)(\.exe)?\s[^|;]{0,60}-(e|c)\s+["']?(\/bin\/)?(ba)?sh\b/
    $nccmd = /\b(nc|ncat)(\.exe)?\s[^|;]{0,60}-e\s+cmd(\.exe)?/ nocase
    $socat = /\bsocat\s[^|;]{0,80}exec:["']?(\/bin\/)?(ba)?sh/ nocase
    $py = /import\s+socket.{0,300}(pty\.spawn|subprocess\.call\(\s*\[\s*["']\/bin\/(ba)?sh)/
    $perl = /perl\s+-e\s+.{0,80}socket\(.{0,300}exec\s*\(\s*["']\/bin\/(ba)?sh/ nocase
  condition:
    any of them
}
