#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Proves the packed packages work the way a partner meets them: from .nupkg files, not project references.

.DESCRIPTION
    1. Inspects every package: lib/ folders for netstandard2.0, net8.0 and net10.0 with their XML docs, the README,
       a matching .snupkg, and nothing of the generator (NSwag) inside or as a dependency; the Identity package
       (net8.0 and net10.0 only) with the ASP.NET Core framework reference and its dependency on Extensions.
    2. Creates a throwaway console app in a temporary folder that takes Bandwidth.Mfa.* from a local folder feed only
       (package source mapping; everything else from the usual feed) with its own package folder, registers the client
       with AddBandwidthMfa against the sandbox, sends a code, verifies it (valid) and a wrong one (invalid), exits 0.
    3. Compiles a netstandard2.0 class library against the same packages to prove that target's surface.
    4. Inspects the sandbox server's .NET tool package on its own terms (tools/net8.0/any, run on newer runtimes by RollForward Major, with
       DotnetToolSettings.xml for the mfa-sandbox command, PDBs inside, README, the libraries' version, no dependencies),
       installs it into a temporary --tool-path from the local folder only, runs 'mfa-sandbox --help', then starts
       'mfa-sandbox --port 0 --exit-when-stdin-closes', checks /sandbox/api/info, sends a code over the MFA API with
       HTTP Basic, reads it back from the JSON API (last-code) and verifies it, closes the server's standard input and
       makes sure it exits (killing it if it does not).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Packages
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Add-Type -AssemblyName System.IO.Compression.FileSystem

function Assert-That([bool] $Condition, [string] $Message) {
    if (-not $Condition) { throw "Consumer test: $Message" }
}

function Invoke-Dotnet([string] $What) {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "Consumer test: $What failed (exit code $LASTEXITCODE)." }
}

function Read-ZipText([System.IO.Compression.ZipArchive] $Zip, [string] $Entry) {
    $found = $Zip.Entries | Where-Object { $_.FullName -eq $Entry }
    if ($null -eq $found) { return $null }
    $reader = [System.IO.StreamReader]::new($found.Open())
    try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
}

$Packages = (Resolve-Path $Packages).Path
$expected = 'Bandwidth.Mfa.Generated', 'Bandwidth.Mfa.Extensions', 'Bandwidth.Mfa.Testing', 'Bandwidth.Mfa.Redis'
$toolId = 'Bandwidth.Mfa.SandboxServer'
$toolCommand = 'mfa-sandbox'
$toolFrameworks = @('net8.0')
$version = $null

# 1. What is inside each package.
foreach ($id in $expected) {
    $nupkg = Get-ChildItem $Packages -Filter "$id.*.nupkg" | Where-Object { $_.Name -match "^$([regex]::Escape($id))\.\d" } | Select-Object -First 1
    Assert-That ($null -ne $nupkg) "no package $id in $Packages"
    $thisVersion = $nupkg.Name.Substring($id.Length + 1) -replace '\.nupkg$', ''
    if ($null -eq $version) { $version = $thisVersion }
    Assert-That ($thisVersion -eq $version) "$id is $thisVersion but the others are $version (one version for all packages)"
    Assert-That (Test-Path (Join-Path $Packages "$id.$version.snupkg")) "$id has no symbols package"

    $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
    try {
        $entries = @($zip.Entries | ForEach-Object FullName)
        foreach ($tfm in 'netstandard2.0', 'net8.0', 'net10.0') {
            Assert-That ($entries -contains "lib/$tfm/$id.dll") "$id has no lib/$tfm/$id.dll"
            Assert-That ($entries -contains "lib/$tfm/$id.xml") "$id has no XML docs for $tfm"
        }
        Assert-That ($entries -contains 'README.md') "$id has no README.md"
        $generator = @($entries | Where-Object { $_ -match '(?i)nswag|^build/|^buildTransitive/|^tools/' })
        Assert-That ($generator.Count -eq 0) "$id carries generator assets: $($generator -join ', ')"
        $nuspecEntry = $zip.Entries | Where-Object { $_.FullName -eq "$id.nuspec" }
        $reader = [System.IO.StreamReader]::new($nuspecEntry.Open())
        $nuspec = $reader.ReadToEnd()
        $reader.Dispose()
        Assert-That ($nuspec -notmatch '(?i)<dependency id="NSwag') "$id depends on the generator"
        Assert-That ($nuspec -match '<license type="expression">MIT</license>') "$id has no license expression"
        Assert-That ($nuspec -match '<repository ') "$id has no repository information"
        Write-Host "  $id $version`: lib for netstandard2.0, net8.0, net10.0 with XML docs, README, symbols; no generator assets"
    }
    finally {
        $zip.Dispose()
    }
}

# 1b. The Identity package: ASP.NET Core's shared framework exists from net8.0 on, so net8.0 and net10.0 only.
$identityId = 'Bandwidth.Mfa.AspNetCore.Identity'
$identityPackage = Join-Path $Packages "$identityId.$version.nupkg"
Assert-That (Test-Path $identityPackage) "no package $identityId.$version.nupkg in $Packages (one version for all packages)"
Assert-That (Test-Path (Join-Path $Packages "$identityId.$version.snupkg")) "$identityId has no symbols package"
$zip = [System.IO.Compression.ZipFile]::OpenRead($identityPackage)
try {
    $entries = @($zip.Entries | ForEach-Object FullName)
    foreach ($tfm in 'net8.0', 'net10.0') {
        Assert-That ($entries -contains "lib/$tfm/$identityId.dll") "$identityId has no lib/$tfm/$identityId.dll"
        Assert-That ($entries -contains "lib/$tfm/$identityId.xml") "$identityId has no XML docs for $tfm"
    }
    Assert-That ($entries -contains 'README.md') "$identityId has no README.md"
    $nuspec = Read-ZipText $zip "$identityId.nuspec"
    Assert-That ($nuspec -match '<frameworkReference name="Microsoft.AspNetCore.App"') "$identityId does not declare ASP.NET Core's shared framework"
    Assert-That ($nuspec -match '<dependency id="Bandwidth.Mfa.Extensions" version="' + [regex]::Escape($version)) "$identityId does not depend on Bandwidth.Mfa.Extensions $version"
    Write-Host "  $identityId $version`: lib for net8.0, net10.0 with XML docs, README, symbols; the ASP.NET Core framework and Extensions $version as dependencies"
}
finally {
    $zip.Dispose()
}

# 4a. The tool package: not a library, so its own checks (no lib/, no XML docs, no .snupkg; see its csproj for why).
$toolPackage = Join-Path $Packages "$toolId.$version.nupkg"
$toolVersions = @(Get-ChildItem $Packages -Filter "$toolId.*.nupkg" | Where-Object { $_.Name -match "^$([regex]::Escape($toolId))\.\d" } | ForEach-Object Name)
Assert-That (Test-Path $toolPackage) "no tool package $toolId.$version.nupkg in $Packages (found: $($toolVersions -join ', '); the tool has the libraries' version)"
Assert-That ($toolVersions.Count -eq 1) "more than one $toolId package in $Packages`: $($toolVersions -join ', ')"
$zip = [System.IO.Compression.ZipFile]::OpenRead($toolPackage)
try {
    $entries = @($zip.Entries | ForEach-Object FullName)
    foreach ($tfm in $toolFrameworks) {
        $folder = "tools/$tfm/any"
        foreach ($file in "$toolId.dll", "$toolId.pdb", "$toolId.runtimeconfig.json", "$toolId.deps.json", 'DotnetToolSettings.xml', 'Bandwidth.Mfa.Testing.dll') {
            Assert-That ($entries -contains "$folder/$file") "$toolId has no $folder/$file"
        }
        [xml] $settings = Read-ZipText $zip "$folder/DotnetToolSettings.xml"
        $command = @($settings.DotNetCliTool.Commands.Command)
        Assert-That ($command.Count -eq 1 -and $command[0].Name -eq $toolCommand -and $command[0].EntryPoint -eq "$toolId.dll" -and $command[0].Runner -eq 'dotnet') `
            "$folder/DotnetToolSettings.xml does not declare the command $toolCommand -> $toolId.dll"
        $runtime = (Read-ZipText $zip "$folder/$toolId.runtimeconfig.json") | ConvertFrom-Json
        Assert-That ($runtime.runtimeOptions.rollForward -eq 'Major') "$folder/$toolId.runtimeconfig.json does not roll forward to a newer major runtime"
    }
    $unexpected = @($entries | Where-Object { $_ -match '^(lib|ref|build|buildTransitive)/' -or ($_ -like 'tools/*.xml' -and $_ -notlike '*/DotnetToolSettings.xml') })
    Assert-That ($unexpected.Count -eq 0) "$toolId carries files a tool does not need: $($unexpected -join ', ')"
    $outside = @($entries | Where-Object { $_ -like 'tools/*' } | Where-Object { $path = $_; -not ($toolFrameworks | Where-Object { $path -like "tools/$_/any/*" }) })
    Assert-That ($outside.Count -eq 0) "$toolId has tool files for other targets: $($outside -join ', ')"
    Assert-That ($entries -contains 'README.md') "$toolId has no README.md"
    $nuspec = Read-ZipText $zip "$toolId.nuspec"
    Assert-That ($nuspec -match '<packageType name="DotnetTool"') "$toolId is not a DotnetTool package"
    Assert-That ($nuspec -match '<readme>README.md</readme>') "$toolId does not show its README"
    Assert-That ($nuspec -match '<license type="expression">MIT</license>') "$toolId has no license expression"
    Assert-That ($nuspec -match '<repository ') "$toolId has no repository information"
    Assert-That ($nuspec -notmatch '<dependency ') "$toolId has package dependencies (a tool carries what it needs)"
    Assert-That (-not (Test-Path (Join-Path $Packages "$toolId.$version.snupkg"))) "$toolId has a .snupkg, but its PDBs ship inside the tool"
    Write-Host "  $toolId $version`: .NET tool '$toolCommand' for $($toolFrameworks -join ', ') (any RID), PDBs inside, README, no dependencies"
}
finally {
    $zip.Dispose()
}

# 2 and 3. A throwaway consumer that knows only the packages.
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("mfa-consumer-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$Packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Bandwidth.Mfa.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
  <config>
    <add key="globalPackagesFolder" value="$(Join-Path $work 'packages')" />
  </config>
</configuration>
"@ | Set-Content (Join-Path $work 'nuget.config')

    # Keep the repository's build settings (central package management, warnings as errors) out of the consumer.
    '<Project />' | Set-Content (Join-Path $work 'Directory.Build.props')
    '<Project />' | Set-Content (Join-Path $work 'Directory.Build.targets')
    '<Project />' | Set-Content (Join-Path $work 'Directory.Packages.props')

    $app = Join-Path $work 'ConsumerApp'
    New-Item -ItemType Directory -Path $app | Out-Null
    @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Bandwidth.Mfa.Extensions" Version="$version" />
    <PackageReference Include="Bandwidth.Mfa.Testing" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
  </ItemGroup>
</Project>
"@ | Set-Content (Join-Path $app 'ConsumerApp.csproj')
    @'
using Bandwidth.Mfa;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.DependencyInjection;

const string phone = "+14155550100";
var sandbox = new MfaSandbox();
using var services = new ServiceCollection()
    .AddBandwidthMfa(o =>
    {
        o.AccountId = "9900000";
        o.Username = "consumer";
        o.Password = "consumer";
        o.Messaging.From = "+19195554321";
        o.Messaging.ApplicationId = "consumer-messaging-app";
    })
    .UseSandbox(sandbox)
    .Services
    .BuildServiceProvider();

var mfa = services.GetRequiredService<IMfaService>();
var sent = await mfa.SendSmsCodeAsync(phone);
var code = sandbox.LastCodeTo(phone);
var valid = await mfa.VerifyCodeAsync(phone, code);
var wrong = await mfa.VerifyCodeAsync(phone, code == "000000" ? "111111" : "000000");
Console.WriteLine($"consumer: sent {sent.MessageId}, right code valid={valid}, wrong code valid={wrong}");
return valid && !wrong ? 0 : 1;
'@ | Set-Content (Join-Path $app 'Program.cs')

    $library = Join-Path $work 'ConsumerLibrary'
    New-Item -ItemType Directory -Path $library | Out-Null
    @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Bandwidth.Mfa.Extensions" Version="$version" />
    <PackageReference Include="Bandwidth.Mfa.Testing" Version="$version" />
  </ItemGroup>
</Project>
"@ | Set-Content (Join-Path $library 'ConsumerLibrary.csproj')
    @'
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsumerLibrary
{
    /// <summary>Touches the public surface a netstandard2.0 library would use.</summary>
    public sealed class LoginCodes
    {
        private readonly IMfaService _mfa;

        public LoginCodes(IMfaService mfa) => _mfa = mfa;

        public static IHttpClientBuilder Register(IServiceCollection services, MfaSandbox? sandbox) =>
            sandbox == null
                ? services.AddBandwidthMfa(o => { o.AccountId = "1"; o.AccessToken = "t"; })
                : services.AddBandwidthMfa(o => { o.AccountId = "1"; o.AccessToken = "t"; }).UseSandbox(sandbox);

        public Task SendAsync(string phone, CancellationToken cancellationToken) =>
            _mfa.SendVoiceCodeAsync(phone, "login", new MfaSendOverrides { Digits = 6 }, cancellationToken);

        public async Task<string> CheckAsync(string phone, string code, CancellationToken cancellationToken)
        {
            try
            {
                return await _mfa.VerifyCodeAsync(phone, code, "login", null, cancellationToken).ConfigureAwait(false) ? "valid" : "invalid";
            }
            catch (MfaApiException<MfaRequestError> ex) when (ex.IsRateLimited)
            {
                return "wait " + ex.RetryAfter;
            }
            catch (MfaTimeoutException ex)
            {
                return "timeout " + ex.Operation;
            }
            catch (MfaException ex)
            {
                return "failed " + ex.Status + " " + ex.RequestId + " " + ex.RequestMayHaveReachedServer;
            }
        }

        public static async Task<MfaResponse<VerifyCodeResponse>> RawAsync(HttpMessageHandler primary, CancellationToken cancellationToken)
        {
            using var service = MfaService.Create(new MfaOptions { AccountId = "1", AccessToken = "t" }, primary);
            return await service.Client.VerifyCodeWithHttpInfoAsync("1", new VerifyCodeRequest { To = "+14155550100", Code = "1234", ExpirationTimeInMinutes = 3 }, cancellationToken).ConfigureAwait(false);
        }
    }
}
'@ | Set-Content (Join-Path $library 'LoginCodes.cs')

    Push-Location $work
    try {
        Invoke-Dotnet 'building the netstandard2.0 consumer library' build (Join-Path $library 'ConsumerLibrary.csproj') -c Release -nologo -v q
        Write-Host '  netstandard2.0 consumer library compiled against the packages'
        Invoke-Dotnet 'running the consumer app' run --project (Join-Path $app 'ConsumerApp.csproj') -c Release
        $assets = Get-Content (Join-Path $app 'obj/project.assets.json') -Raw | ConvertFrom-Json
        $local = @($assets.libraries.PSObject.Properties.Name | Where-Object { $_ -like 'Bandwidth.Mfa.*' })
        Assert-That ($local.Count -eq 3) "the consumer resolved $($local.Count) Bandwidth.Mfa packages instead of 3"
        $projects = @($assets.libraries.PSObject.Properties | Where-Object { $_.Value.type -eq 'project' })
        Assert-That ($projects.Count -eq 0) 'the consumer resolved a project reference'
        Write-Host "  consumer app ran from the packages: $($local -join ', ')"
    }
    finally {
        Pop-Location
    }

    # 4b. The tool, installed from the local folder only (no other source, a package folder of its own) and run.
    $toolConfig = Join-Path $work 'tool-nuget.config'
    @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$Packages" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$(Join-Path $work 'tool-packages')" />
  </config>
</configuration>
"@ | Set-Content $toolConfig
    $toolPath = Join-Path $work 'tools'
    $savedPackagesFolder = $env:NUGET_PACKAGES
    $env:NUGET_PACKAGES = Join-Path $work 'tool-packages'
    Push-Location $work
    try {
        Invoke-Dotnet 'installing the sandbox server tool' tool install $toolId --version $version --tool-path $toolPath --configfile $toolConfig
    }
    finally {
        Pop-Location
        $env:NUGET_PACKAGES = $savedPackagesFolder
    }

    # The installed entry points are the ones just packed, not those of a cached package of the same version.
    $installed = @(Get-ChildItem (Join-Path $toolPath '.store') -Recurse -Filter "$toolId.dll" | Where-Object { $_.FullName -match '[\\/]tools[\\/]net[0-9.]+[\\/]any[\\/]' })
    Assert-That ($installed.Count -eq $toolFrameworks.Count) "the tool store holds $($installed.Count) copies of $toolId.dll instead of $($toolFrameworks.Count)"
    $zip = [System.IO.Compression.ZipFile]::OpenRead($toolPackage)
    try {
        foreach ($file in $installed) {
            $tfm = [regex]::Match($file.FullName, '[\\/]tools[\\/](net[0-9.]+)[\\/]any[\\/]').Groups[1].Value
            $entry = $zip.Entries | Where-Object { $_.FullName -eq "tools/$tfm/any/$toolId.dll" }
            Assert-That ($null -ne $entry) "the tool store has $toolId.dll for $tfm, which the package does not"
            $stream = $entry.Open()
            try { $packed = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($stream)) } finally { $stream.Dispose() }
            Assert-That ($packed -eq (Get-FileHash $file.FullName -Algorithm SHA256).Hash) "the installed $toolId.dll ($tfm) is not the one in $toolId.$version.nupkg"
        }
    }
    finally {
        $zip.Dispose()
    }

    # The command shim finds the runtime through DOTNET_ROOT when dotnet is not installed in a standard place.
    $dotnetHost = if ($env:DOTNET_HOST_PATH -and (Test-Path $env:DOTNET_HOST_PATH)) { $env:DOTNET_HOST_PATH } else { (Get-Command dotnet).Source }
    $link = [System.IO.File]::ResolveLinkTarget($dotnetHost, $true)
    if ($null -ne $link) { $dotnetHost = $link.FullName }
    $dotnetRoot = Split-Path $dotnetHost -Parent
    $shim = Join-Path $toolPath ($(if ($IsWindows) { "$toolCommand.exe" } else { $toolCommand }))
    Assert-That (Test-Path $shim) "the tool install made no command $shim"

    function New-ToolProcess([string[]] $Arguments) {
        $start = [System.Diagnostics.ProcessStartInfo]::new($shim)
        foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.WorkingDirectory = $work
        if (-not $start.Environment.ContainsKey('DOTNET_ROOT')) { $start.Environment['DOTNET_ROOT'] = $dotnetRoot }
        $start.Environment['DOTNET_NOLOGO'] = '1'
        return [System.Diagnostics.Process]::Start($start)
    }

    $help = New-ToolProcess @('--help')
    try {
        $help.StandardInput.Close()
        $helpText = $help.StandardOutput.ReadToEndAsync()
        Assert-That ($help.WaitForExit(60000)) "'$toolCommand --help' did not exit within 60 s"
        $help.WaitForExit()
        Assert-That ($help.ExitCode -eq 0) "'$toolCommand --help' exited with $($help.ExitCode)"
        Assert-That ($helpText.Result -match 'Usage:' -and $helpText.Result -match "$toolCommand \[options\]") "'$toolCommand --help' printed no usage: $($helpText.Result)"
    }
    finally {
        if (-not $help.HasExited) { $help.Kill($true); $help.WaitForExit() }
        $help.Dispose()
    }
    Write-Host "  $toolCommand installed from the local folder (the packed assemblies) and '--help' exits 0"

    $server = New-ToolProcess @('--port', '0', '--exit-when-stdin-closes')
    try {
        # Wait (bounded) for the last startup line; everything before it is kept for the error message.
        $startup = [System.Collections.Generic.List[string]]::new()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        $root = $null
        while ($null -eq $root) {
            $line = $server.StandardOutput.ReadLineAsync()
            $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
            Assert-That ($line.Wait($left)) "$toolCommand did not print 'Listening on' within 60 s: $($startup -join ' | ')"
            Assert-That ($null -ne $line.Result) "$toolCommand ended its output before 'Listening on' (exit code $(if ($server.HasExited) { $server.ExitCode } else { 'none yet' })): $($startup -join ' | ')"
            $startup.Add($line.Result)
            if ($line.Result -match '^Listening on (http://127\.0\.0\.1:[0-9]+) ') { $root = $Matches[1] }
        }

        $info = Invoke-RestMethod -Uri "$root/sandbox/api/info" -NoProxy -TimeoutSec 30
        Assert-That ($info.baseUrl -eq "$root/api/v1/") "/sandbox/api/info says baseUrl $($info.baseUrl), not $root/api/v1/"

        $phone = '+14155550100'
        $basic = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('consumer-user:consumer-password'))
        $headers = @{ Authorization = "Basic $basic" }
        $request = @{
            to = $phone
            from = '+19195554321'
            applicationId = '66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1'
            scope = 'consumer'
            message = 'Consumer test code {CODE}'
            digits = 6
        } | ConvertTo-Json
        $sent = Invoke-RestMethod -Method Post -Uri "$root/api/v1/accounts/9900000/code/messaging" -Headers $headers -ContentType 'application/json' -Body $request -NoProxy -TimeoutSec 30
        Assert-That (-not [string]::IsNullOrEmpty($sent.messageId)) 'the messaging send answered without a messageId'

        $last = Invoke-RestMethod -Uri "$root/sandbox/api/numbers/$([uri]::EscapeDataString($phone))/last-code?scope=consumer" -NoProxy -TimeoutSec 30
        Assert-That ($last.id -eq $sent.messageId) "last-code holds message $($last.id), not the one sent ($($sent.messageId))"
        Assert-That ($last.code -match '^[0-9]{6}$' -and $last.text -eq "Consumer test code $($last.code)") 'last-code is not the 6-digit code of the message sent'

        $verify = @{ to = $phone; scope = 'consumer'; code = $last.code; expirationTimeInMinutes = 3 } | ConvertTo-Json
        $verified = Invoke-RestMethod -Method Post -Uri "$root/api/v1/accounts/9900000/code/verify" -Headers $headers -ContentType 'application/json' -Body $verify -NoProxy -TimeoutSec 30
        Assert-That ($verified.valid -eq $true) 'the code read from last-code did not verify'

        # Closing standard input is how a parent stops it; it must exit by itself.
        $server.StandardInput.Close()
        $rest = $server.StandardOutput.ReadToEndAsync()
        Assert-That ($server.WaitForExit(20000)) "$toolCommand did not exit within 20 s of its standard input closing"
        $server.WaitForExit()
        Assert-That ($server.ExitCode -eq 0) "$toolCommand exited with $($server.ExitCode) after its standard input closed"
        Assert-That ($rest.Result -match 'Standard input closed') "$toolCommand did not say why it stopped: $($rest.Result)"
        Write-Host "  $toolCommand served $root`: info, a code sent with Basic auth, read back from last-code and verified; it exited when its standard input closed"
    }
    finally {
        if (-not $server.HasExited) {
            $server.Kill($true)
            $server.WaitForExit()
        }
        $server.Dispose()
    }
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
