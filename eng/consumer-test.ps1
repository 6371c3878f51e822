#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Proves the packed packages work the way a partner meets them: from .nupkg files, not project references.

.DESCRIPTION
    1. Inspects every package: lib/ folders for netstandard2.0, net8.0 and net10.0 with their XML docs, the README,
       a matching .snupkg, and nothing of the generator (NSwag) inside or as a dependency.
    2. Creates a throwaway console app in a temporary folder that takes Bandwidth.Mfa.* from a local folder feed only
       (package source mapping; everything else from the usual feed) with its own package folder, registers the client
       with AddBandwidthMfa against the sandbox, sends a code, verifies it (valid) and a wrong one (invalid), exits 0.
    3. Compiles a netstandard2.0 class library against the same packages to prove that target's surface.
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

$Packages = (Resolve-Path $Packages).Path
$expected = 'Bandwidth.Mfa.Generated', 'Bandwidth.Mfa.Extensions', 'Bandwidth.Mfa.Testing', 'Bandwidth.Mfa.Redis'
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
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
