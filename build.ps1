#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The maintainer's pipeline for the Bandwidth MFA client: lint the spec, build (which generates the client), test, pack.

.DESCRIPTION
    Run from the repository root after `dotnet tool restore` (the Node tools are installed with `npm ci` when missing):

        dotnet pwsh build.ps1                 # Lint, Build, Docs, Test, Pack, Consumer (stops at the first failure)
        dotnet pwsh build.ps1 -Task Test      # one task
        dotnet pwsh build.ps1 -Task Lint,Build
        dotnet pwsh build.ps1 -Task ApiBaseline   # accept a reviewed public API change, then commit api/
        dotnet pwsh build.ps1 -Task SpecDrift -VendorSpec path/to/bandwidth.yml   # what changed in the vendor's document

    Tasks:
        Lint        Spectral (spectral:oas ruleset, warnings fail) on openapi/mfa.yml; the C# layout against
                    .editorconfig (dotnet format whitespace --verify-no-changes); the .NET analyzers and code-style
                    rules (they run in every build; Lint without Build builds to run them)
        Build       dotnet build -c Release -warnaserror (NSwag regenerates the client when the spec or nswag.json changed;
                    the public API of each package is checked against api/<package>.txt and any difference fails);
                    also compiles benchmarks/ so it cannot rot
        Docs        the API reference site (docfx, eng/docs.ps1) into artifacts/docs/site: docs/site/docfx.json, the
                    XML docs of the four libraries, the READMEs and docs/ as articles. Fails on any docfx warning (a
                    cref or <xref:> to nothing, a broken link or anchor between articles), an undocumented public
                    member and a reference to a type without a page
        Test        dotnet test Bandwidth.Mfa.sln -c Release: unit tests, and contract tests against a Prism mock of the
                    spec (Prism is installed from package-lock.json when missing); TRX results in artifacts/test-results
        Pack        dotnet pack into artifacts/packages
        Consumer    builds a throwaway app from the packed packages only, then installs the mfa-sandbox tool
                    from them and runs it (needs Pack)
        Bench       a short BenchmarkDotNet run and a short loopback throughput run (not part of the default);
                    reports in artifacts/benchmarks, see docs/benchmarks.md
        ApiBaseline rewrites api/*.txt from the built packages and shows the diff (not part of the default)
        SpecDrift   compares the vendor's OpenAPI document (-VendorSpec <file>: its combined bandwidth.yml or an
                    MFA-only one) with openapi/mfa.yml and classifies each difference by its effect on partners;
                    Markdown report on stdout and in artifacts/spec-drift.md. Exit code 0 when nothing is incompatible
                    or new, 1 otherwise, 2 when a document cannot be read (not part of the default; CONTRIBUTING,
                    "Spec drift")
#>
[CmdletBinding()]
param(
    # One task or several: -Task Lint,Build. Checked below rather than with ValidateSet: run from bash or cmd
    # ('dotnet pwsh build.ps1 -Task Lint,Build' is pwsh -File), the list arrives as the one string 'Lint,Build'.
    [ArgumentCompleter({ 'All', 'Lint', 'Build', 'Docs', 'Test', 'Pack', 'Consumer', 'Bench', 'ApiBaseline', 'SpecDrift' })]
    [string[]] $Task = @('All'),
    [string] $Configuration = 'Release',
    # The vendor's OpenAPI document for -Task SpecDrift (a path relative to the current folder, or absolute).
    [string] $VendorSpec
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$knownTasks = 'All', 'Lint', 'Build', 'Docs', 'Test', 'Pack', 'Consumer', 'Bench', 'ApiBaseline', 'SpecDrift'
$Task = @(foreach ($name in @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
    $known = $knownTasks | Where-Object { $_ -eq $name }
    if ($null -eq $known) {
        Write-Host "build.ps1: unknown task '$name'; the tasks are $($knownTasks -join ', ')." -ForegroundColor Red
        exit 2
    }
    $known
})
$PSNativeCommandUseErrorActionPreference = $false
if ($Task -contains 'SpecDrift') {
    if (-not $VendorSpec) {
        Write-Host "build.ps1: -Task SpecDrift needs the vendor's document: -VendorSpec <file> (for example a copy of bandwidth.yml from one of Bandwidth's SDK repositories)." -ForegroundColor Red
        exit 2
    }
    # Resolved against the caller's folder: the tasks run from the repository root.
    $VendorSpec = [IO.Path]::GetFullPath($VendorSpec, (Get-Location).Path)
}
# The exit code of the SpecDrift task (1: something incompatible or new), passed on once every selected task has run.
$script:SpecDriftExitCode = 0

$Root = $PSScriptRoot
$Artifacts = Join-Path $Root 'artifacts'
$Solution = Join-Path $Root 'Bandwidth.Mfa.sln'

function Invoke-Step([string] $Name, [scriptblock] $Body) {
    Write-Host "==> $Name" -ForegroundColor Cyan
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Body
    Write-Host ("<== {0} ({1:0.0} s)" -f $Name, $watch.Elapsed.TotalSeconds) -ForegroundColor Cyan
}

function Invoke-Native([string] $What) {
    # Runs the native command line given as the remaining arguments; stops the pipeline on a non-zero exit.
    $command = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $command @rest
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed (exit code $LASTEXITCODE)."
    }
}

function Install-NodeTools {
    # The same MSBuild target that 'dotnet test' runs (eng/NodeTools.targets): npm ci when node_modules is missing or stale.
    # The switches with a colon are quoted: unquoted, PowerShell takes '-t:X' for a parameter of Invoke-Native and drops
    # the '-t:' part when it passes the arguments on (msbuild then sees 'MfaRestoreNodeTools' as a second project).
    Invoke-Native 'Node tools (npm ci)' dotnet msbuild (Join-Path $Root 'tests/Bandwidth.Mfa.ContractTests/Bandwidth.Mfa.ContractTests.csproj') '-t:MfaRestoreNodeTools' -nologo '-v:minimal'
}

$tasks = [ordered]@{
    Lint = {
        Install-NodeTools
        Invoke-Native 'Spectral lint of openapi/mfa.yml' (Join-Path $Root 'node_modules/.bin/spectral') lint (Join-Path $Root 'openapi/mfa.yml') --ruleset (Join-Path $Root '.spectral.yaml') --fail-severity=warn
        # The layout of every C# file in the solution against .editorconfig (whitespace only: it needs no compilation).
        Invoke-Native 'C# layout (.editorconfig)' dotnet format whitespace $Solution --verify-no-changes
        # The .NET analyzers and the code-style rules run inside the compiler (EnforceCodeStyleInBuild, warnings are
        # errors), on every target. When Build runs next they run there; Lint alone runs that build itself.
        if ([array]::IndexOf(@($selected), 'Build') -lt 0) {
            Invoke-Native 'Analyzers and code style (build)' dotnet build $Solution -c $Configuration -warnaserror -nologo
        }
    }
    Build = {
        Invoke-Native 'Build' dotnet build $Solution -c $Configuration -warnaserror -nologo
        # The benchmarks are not in the solution (never tested, never packed) but must keep compiling.
        Invoke-Native 'Benchmark build' dotnet build (Join-Path $Root 'benchmarks/Bandwidth.Mfa.Benchmarks') -c Release -warnaserror -nologo
    }
    Docs = {
        # docfx reads the projects with a design-time build; their restore is already done when Build ran before.
        $built = [array]::IndexOf(@($selected), 'Build') -ge 0 -and [array]::IndexOf(@($selected), 'Build') -lt [array]::IndexOf(@($selected), 'Docs')
        & (Join-Path $Root 'eng/docs.ps1') -NoRestore:$built
        if ($LASTEXITCODE -ne 0) {
            throw "The API reference failed (exit code $LASTEXITCODE); its problems are listed above."
        }
    }
    Test = {
        $results = Join-Path $Artifacts 'test-results'
        if (Test-Path $results) { Remove-Item $results -Recurse -Force }
        Invoke-Native 'Tests' dotnet test $Solution -c $Configuration --no-build --logger 'trx' --results-directory $results --nologo
    }
    Pack = {
        $packages = Join-Path $Artifacts 'packages'
        if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
        Invoke-Native 'Pack' dotnet pack $Solution -c $Configuration --no-build -o $packages --nologo
    }
    Consumer = {
        $script = Join-Path $Root 'eng/consumer-test.ps1'
        if (Test-Path $script) {
            & $script -Packages (Join-Path $Artifacts 'packages')
        }
        else {
            Write-Host 'No consumer test yet (eng/consumer-test.ps1).'
        }
    }
    ApiBaseline = {
        Invoke-Native 'API baseline update' dotnet build $Solution -c $Configuration -nologo '-p:MfaApiBaselineUpdate=true'
        if (Get-Command git -ErrorAction SilentlyContinue) {
            Write-Host 'Public API changes to review and commit (git diff -- api/):'
            & git -C $Root --no-pager diff --stat -- api/
            & git -C $Root --no-pager diff -- api/
            & git -C $Root status --short --untracked-files=all -- api/
        }
    }
    SpecDrift = {
        # Built quietly so that standard output carries the report; the tool prints it and writes artifacts/spec-drift.md.
        $project = Join-Path $Root 'eng/Bandwidth.Mfa.SpecDrift'
        $buildOutput = & dotnet build $project -c $Configuration -nologo '-v:quiet' 2>&1
        if ($LASTEXITCODE -ne 0) {
            $buildOutput | Write-Host
            throw "SpecDrift tool build failed (exit code $LASTEXITCODE)."
        }
        $tool = Join-Path $project "bin/$Configuration/net10.0/Bandwidth.Mfa.SpecDrift.dll"
        & dotnet $tool --vendor $VendorSpec --ours (Join-Path $Root 'openapi/mfa.yml') --report (Join-Path $Artifacts 'spec-drift.md')
        switch ($LASTEXITCODE) {
            0 { }
            1 { $script:SpecDriftExitCode = 1 }
            default {
                $script:SpecDriftExitCode = $LASTEXITCODE
                throw "SpecDrift could not compare the documents (exit code $LASTEXITCODE)."
            }
        }
    }
    Bench = {
        # Always Release (BenchmarkDotNet refuses unoptimized code). The project is not in the solution, so it is built here,
        # with warnings as errors like the rest. ShortRun: 1 launch, 3 warm-ups, 3 iterations per case - a smoke run that
        # shows the shape; docs/benchmarks.md says how to make the full run.
        $project = Join-Path $Root 'benchmarks/Bandwidth.Mfa.Benchmarks'
        $program = Join-Path $project 'bin/Release/net10.0/Bandwidth.Mfa.Benchmarks.dll'
        $results = Join-Path $Artifacts 'benchmarks'
        Invoke-Native 'Benchmark build' dotnet build $project -c Release -warnaserror -nologo
        # The filter names the namespace: pwsh on Linux glob-expands a bare '*' passed to a native command into file names.
        Invoke-Native 'Benchmarks (ShortRun)' dotnet $program --filter 'Bandwidth.Mfa.Benchmarks.*' --job short --artifacts $results
        Invoke-Native 'Loopback throughput' dotnet $program throughput --seconds 2 --callers 64
        Write-Host "Benchmark reports: $(Join-Path $results 'results')"
    }
}

$selected = if ($Task -contains 'All') { @('Lint', 'Build', 'Docs', 'Test', 'Pack', 'Consumer') } else { $Task }

try {
    Push-Location $Root
    foreach ($name in $selected) {
        Invoke-Step $name $tasks[$name]
    }
    if ($script:SpecDriftExitCode -ne 0) {
        Write-Host "build.ps1: SpecDrift found differences that are incompatible or new (exit code 1): read artifacts/spec-drift.md, then CONTRIBUTING, 'Regenerating the client after a vendor change'." -ForegroundColor Yellow
        exit 1
    }
    Write-Host "build.ps1: $($selected -join ', ') succeeded." -ForegroundColor Green
}
catch {
    Write-Host "build.ps1: FAILED in task '$name': $($_.Exception.Message)" -ForegroundColor Red
    # A SpecDrift that could not read a document keeps its own exit code (2), so that a scheduled job can tell it apart.
    exit ($script:SpecDriftExitCode -ge 2 ? $script:SpecDriftExitCode : 1)
}
finally {
    Pop-Location
}
