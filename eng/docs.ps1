#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds the API reference site (docs/site) with docfx into artifacts/docs/site and fails on anything broken in it.

.DESCRIPTION
    build.ps1 -Task Docs runs this script. Run it alone with `dotnet pwsh eng/docs.ps1` (after `dotnet tool restore`).

    1. Stages docs/site/ and the repository's articles (README.md, CONTRIBUTING.md, CHANGELOG.md, src/*/README.md,
       docs/*.md, docs/*.png; under guide/, at their repository paths) in artifacts/docs/input/. docfx only builds files
       below the folder of its docfx.json, so the articles are copied there and its messages are mapped back.
    2. docfx metadata: reads the projects that docfx.json lists (a design-time build; NSwag generates the client if it
       has to) into API YAML files in artifacts/docs/input/api/. Warnings are errors: a cref that does not resolve
       (InvalidCref) fails here.
    3. Checks the API YAML: every public type and member has a summary (unless docs/site/undocumented.txt lists it,
       with its reason), every namespace has one in docs/site/namespaces.md, and no documentation refers to a type or
       member that has no page (an internal one, for example).
    4. docfx build: the site, warnings as errors. A broken link between articles (InvalidFileLink), a heading anchor
       that does not exist (InvalidBookmark) or an <xref:...> to nothing (UidNotFound) fails here.

    Every problem is listed at the end, with the repository file it is in; the exit code is 1 if there was any.
    Nothing is fetched from the network: docfx computes the links to learn.microsoft.com for .NET types itself, and
    docfx.json names no external cross-reference map.
#>
[CmdletBinding()]
param(
    # The repository whose docs/site/docfx.json, articles and projects are built. The tests point it at a small fixture.
    [string] $Root = (Split-Path -Parent $PSScriptRoot),
    # Skip the restore of the projects in docfx metadata (about 10 s): build.ps1 passes it when its Build task ran first.
    [switch] $NoRestore
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$Root = (Resolve-Path $Root).Path
# docfx runs as a local tool of this script's repository (dotnet-tools.json), whichever repository it builds.
$ToolRoot = Split-Path -Parent $PSScriptRoot
$Site = Join-Path $Root 'docs/site'
$Output = Join-Path $Root 'artifacts/docs'
$Staging = Join-Path $Output 'input'
$Articles = 'README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'src/*/README.md', 'docs/*.md', 'docs/*.png'

$problems = [Collections.Generic.List[string]]::new()

function Get-RepositoryPath([string] $StagedPath) {
    # A path docfx reports, relative to the staged docfx.json, as the repository file it came from.
    $path = $StagedPath -replace '\\', '/'
    if ($path.StartsWith($Staging.Replace('\', '/') + '/')) {
        $path = $path.Substring($Staging.Length + 1)
    }
    if ($path.StartsWith('guide/')) { return $path.Substring('guide/'.Length) }
    if ($path.StartsWith('api/')) { return "artifacts/docs/input/$path" }
    return "docs/site/$path"
}

function Invoke-Docfx([string] $Command, [string[]] $Options = @()) {
    $log = Join-Path $Output "docfx-$Command.log.json"
    $watch = [Diagnostics.Stopwatch]::StartNew()
    Push-Location $ToolRoot
    try {
        & dotnet docfx $Command (Join-Path $Staging 'docfx.json') --warningsAsErrors --log $log @Options | Out-Host
        $exitCode = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
    Write-Host ("docfx {0}: {1:0.0} s" -f $Command, $watch.Elapsed.TotalSeconds)
    $reported = 0
    if (Test-Path $log) {
        foreach ($line in Get-Content $log) {
            $entry = $line | ConvertFrom-Json
            if ($entry.severity -notin 'warning', 'error') { continue }
            $where = ''
            if ($entry.PSObject.Properties['file'] -and $entry.file) {
                $where = Get-RepositoryPath $entry.file
                if ($entry.PSObject.Properties['line'] -and $entry.line) { $where += "($($entry.line))" }
                $where += ': '
            }
            $code = if ($entry.PSObject.Properties['code'] -and $entry.code) { "$($entry.code): " } else { '' }
            $problems.Add("$where$code$($entry.message)")
            $reported++
        }
    }
    # Every warning in docfx's log is a problem here, whatever the exit code; an exit code without one is a problem too.
    if ($exitCode -ne 0 -and $reported -eq 0) {
        $problems.Add("docfx $Command failed (exit code $exitCode) without a warning or error in its log; see its output above.")
    }
}

function Read-ApiYaml([string] $File) {
    # The two lists of a ManagedReference file that the checks need, read line by line: docfx writes them in one fixed
    # shape (a '- uid:' line opens an entry, its keys follow indented by two spaces, a folded value on the lines below).
    $items = [Collections.Generic.List[hashtable]]::new()
    $references = [Collections.Generic.List[hashtable]]::new()
    $list = $null
    $entry = $null
    $lines = Get-Content $File
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -eq 'items:') { $list = $items; continue }
        if ($line -eq 'references:') { $list = $references; continue }
        if ($null -eq $list) { continue }
        if ($line -match '^- uid: (.*)$') {
            $entry = @{ uid = $Matches[1].Trim("'", '"'); summary = $false; commentId = ''; type = ''; href = $false; external = $false }
            $list.Add($entry)
            continue
        }
        if ($null -eq $entry -or $line -notmatch '^  (\S[^:]*): ?(.*)$') { continue }
        $key = $Matches[1]
        $value = $Matches[2].Trim()
        switch ($key) {
            'summary' {
                if ($value -match '^[>|][-+]?$') {
                    $value = if ($i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^    ') { $lines[$i + 1].Trim() } else { '' }
                }
                $entry.summary = $value -notin '', "''", '""'
            }
            'commentId' { $entry.commentId = $value }
            'type' { $entry.type = $value }
            'href' { $entry.href = $value -ne '' }
            'isExternal' { $entry.external = $value -eq 'true' }
        }
    }
    return @{ Items = $items; References = $references }
}

function Test-ApiYaml {
    $api = Join-Path $Staging 'api'
    $allowedFile = Join-Path $Site 'undocumented.txt'
    $allowed = @{}
    if (Test-Path $allowedFile) {
        foreach ($line in Get-Content $allowedFile) {
            $uid = ($line -replace '#.*$', '').Trim()
            if ($uid) { $allowed[$uid] = $false }
        }
    }
    $namespaceSummaries = @{}
    foreach ($file in Get-ChildItem $Site -Filter '*.md') {
        foreach ($match in Select-String -Path $file.FullName -Pattern '^uid:\s*(\S+)\s*$') {
            $namespaceSummaries[$match.Matches[0].Groups[1].Value] = $true
        }
    }

    $members = 0
    foreach ($file in Get-ChildItem $api -Filter '*.yml' | Where-Object Name -ne 'toc.yml' | Sort-Object Name) {
        $yaml = Read-ApiYaml $file.FullName
        $owner = if ($yaml.Items.Count -gt 0) { $yaml.Items[0].uid } else { $file.Name }
        foreach ($item in $yaml.Items) {
            if ($item.type -eq 'Namespace') {
                if (-not $namespaceSummaries.ContainsKey($item.uid)) {
                    $problems.Add("docs/site/namespaces.md: Undocumented: namespace $($item.uid) has no summary (add a 'uid: $($item.uid)' section).")
                }
                continue
            }
            $members++
            if ($item.summary) {
                if ($allowed.ContainsKey($item.uid)) {
                    $problems.Add("docs/site/undocumented.txt: Undocumented: $($item.uid) has a summary now: remove it from the list.")
                    $allowed.Remove($item.uid)
                }
            }
            elseif ($allowed.ContainsKey($item.uid)) {
                $allowed[$item.uid] = $true
            }
            else {
                $problems.Add("Undocumented: $($item.type) $($item.uid) is public and has no <summary>.")
            }
        }
        foreach ($reference in $yaml.References) {
            if ($reference.external -or $reference.href -or $reference.commentId -notmatch '^[TMPFE]:') { continue }
            $problems.Add("NoPage: the docs of $owner (or of a member) refer to $($reference.uid), which has no page in the reference (it is not public, or its assembly is not in the reference).")
        }
    }
    foreach ($uid in @($allowed.Keys | Where-Object { -not $allowed[$_] })) {
        $problems.Add("docs/site/undocumented.txt: Undocumented: $uid is not in the reference any more: remove it from the list.")
    }
    Write-Host "API check: $members public types and members read."
}

$watch = [Diagnostics.Stopwatch]::StartNew()
if (Test-Path $Output) { Remove-Item $Output -Recurse -Force }
New-Item -ItemType Directory -Path $Staging -Force | Out-Null
Copy-Item -Path (Join-Path $Site '*') -Destination $Staging -Recurse -Force
foreach ($pattern in $Articles) {
    foreach ($file in Get-ChildItem -Path (Join-Path $Root $pattern) -File -ErrorAction SilentlyContinue) {
        $relative = [IO.Path]::GetRelativePath($Root, $file.FullName)
        $target = Join-Path $Staging 'guide' $relative
        New-Item -ItemType Directory -Path (Split-Path -Parent $target) -Force | Out-Null
        Copy-Item -Path $file.FullName -Destination $target
    }
}

# Each step runs even when the one before reported problems (docfx still writes its output), so that one run lists
# every problem; a step that wrote nothing is a problem of its own.
Invoke-Docfx 'metadata' $(if ($NoRestore) { '--noRestore' })
if (Get-ChildItem (Join-Path $Staging 'api') -Filter '*.yml' -ErrorAction SilentlyContinue) {
    Test-ApiYaml
}
else {
    $problems.Add('docfx metadata wrote no API YAML: nothing was checked.')
}
Invoke-Docfx 'build'

Write-Host ("API reference: {0:0.0} s in all." -f $watch.Elapsed.TotalSeconds)
if ($problems.Count -gt 0) {
    Write-Host "The API reference has $($problems.Count) problem(s):" -ForegroundColor Red
    foreach ($problem in $problems) {
        Write-Host "  $problem" -ForegroundColor Red
    }
    exit 1
}
Write-Host "API reference: $(Join-Path $Output 'site' 'index.html')" -ForegroundColor Green
exit 0
