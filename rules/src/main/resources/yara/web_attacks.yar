// Centinela project rules: injection payloads in HTTP URLs and request bodies. CC0.

rule CENTINELA_Web_SQL_Injection : web T1190
{
  meta:
    author = "Centinela project"
    description = "SQL injection payload in a URL or request body (raw or URL-encoded): UNION SELECT, stacked WAITFOR/SLEEP, tautology with comment"
    severity = "medium"
    mitre_attack = "T1190"
    date = "2026-11-26"
  strings:
    $union = /union(\s|\+|%20|\/\*.{0,20}\*\/)+(all(\s|\+|%20)+)?select(\s|\+|%20)/ nocase
    $waitfor = /(;|%3b)(\s|\+|%20)*waitfor(\s|\+|%20)+delay(\s|\+|%20)+('|%27)/ nocase
    $sleep = /(\b|%27|')(and|or)(\s|\+|%20)+(sleep|benchmark|pg_sleep)(\s|\+|%20)*(\(|%28)/ nocase
    $tauto = /('|%27)(\s|\+|%20)*or(\s|\+|%20)+('|%27)?1('|%27)?(\s|\+|%20)*(=|%3d)(\s|\+|%20)*('|%27)?1(\s|\+|%20)*(--|#|%23|\/\*)/ nocase
  condition:
    any of them
}

rule CENTINELA_Web_Path_Traversal : web T1190
{
  meta:
    author = "Centinela project"
    description = "Path traversal to well-known sensitive files (raw, URL-encoded or double-encoded dot-dot-slash)"
    severity = "medium"
    mitre_attack = "T1190"
    date = "2026-11-26"
  strings:
    $t = /(\.\.|%2e%2e|%252e%252e)(\/|\\|%2f|%5c|%252f){1}.{0,40}(etc(\/|%2f)(passwd|shadow)|win\.ini|boot\.ini|windows(\/|\\|%2f|%5c)system32)/ nocase
  condition:
    $t
}

rule CENTINELA_Web_Script_Injection : web T1189
{
  meta:
    author = "Centinela project"
    description = "Script injection (XSS) in a URL or body: <script>, javascript: URL or event handler on an injected tag"
    severity = "low"
    mitre_attack = "T1189"
    date = "2026-11-26"
  strings:
    $script = /(<|%3c)(\s|%20)*script[^a-z]/ nocase
    $handler = /(<|%3c)(img|svg|body|iframe)[^>]{0,80}\bon(error|load|mouseover)(\s|%20)*(=|%3d)/ nocase
    $jsurl = /(=|%3d)(\s|%20)*["']?javascript(:|%3a)/ nocase
  condition:
    any of them
}
