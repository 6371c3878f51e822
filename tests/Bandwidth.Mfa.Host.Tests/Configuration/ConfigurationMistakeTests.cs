using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.Host.Tests.Configuration;

/// <summary>
/// A host that reads the MFA settings from an appsettings.json file with the mistakes people make: it must not start,
/// and the message names the client and the full path of the key. A correct file starts, with the settings other
/// packages keep inside the MFA section (Redis) accepted.
/// </summary>
public class ConfigurationMistakeTests
{
    private const string Valid = """
        "AccountId": "9900000",
        "Username": "api-user",
        "Password": "from-user-secrets",
        "Messaging": { "From": "+19195554321", "ApplicationId": "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1", "Digits": 6 }
        """;

    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mfa-host-config-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_correct_file_starts_including_the_Redis_section_of_the_send_limits()
    {
        using var host = Build("""
            { "Bandwidth": { "Mfa": {
            """ + Valid + """
            , "SendLimits": { "ResendCooldown": "00:00:30", "AllowedCallingCodes": [ "1", "44" ] },
              "Redis": { "Configuration": "127.0.0.1:6379", "HashKey": "a-hash-key-of-at-least-32-characters!" } } } }
            """, redis: true);

        await host.StartAsync();
        await host.StopAsync();
    }

    [TestCase("\"SendLimit\": { \"MaxSendsPerNumber\": 3 }", "'Bandwidth:Mfa:SendLimit'", TestName = "SendLimit for SendLimits")]
    [TestCase("\"Mesaging\": { \"From\": \"+19195554321\" }", "'Bandwidth:Mfa:Mesaging'", TestName = "Mesaging for Messaging")]
    [TestCase("\"Voice\": { \"Digit\": 6 }", "'Bandwidth:Mfa:Voice:Digit'", TestName = "Digit for Digits, nested")]
    [TestCase("\"Retry\": { \"MaxRetryAttempt\": 1 }", "'Bandwidth:Mfa:Retry:MaxRetryAttempt'", TestName = "MaxRetryAttempt in Retry")]
    [TestCase("\"SendLimits\": { \"Store\": { \"Kind\": \"Redis\" } }", "IMfaSendLimitStore", TestName = "a store in configuration (the binder refuses it)")]
    [TestCase("\"Timout\": \"00:00:10\"", "'Bandwidth:Mfa:Timout'", TestName = "Timout for Timeout")]
    public async Task An_unknown_key_stops_the_start_naming_the_key(string mistake, string named)
    {
        using var host = Build("{ \"Bandwidth\": { \"Mfa\": {" + Valid + ", " + mistake + " } } }");

        var failure = await Assert.CatchAsync<Exception>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain(named));
        Assert.That(failure.Message, Does.Not.Contain("from-user-secrets"));
    }

    [Test]
    public async Task A_named_client_names_itself_and_the_full_path()
    {
        using var host = Build("""
            { "Bandwidth": { "Mfa": { "BrandA": {
              "AccountId": "9900000", "AccessToken": "token-1",
              "Messaging": { "From": "+19195554321", "ApplicationId": "app", "Mesage": "Your {CODE}" } } } } }
            """, named: "brand-a");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("MFA client 'brand-a': MFA option 'Bandwidth:Mfa:BrandA:Messaging:Mesage' is not a setting"));
        Assert.That(failure.Message, Does.Contain("The settings of 'Bandwidth:Mfa:BrandA:Messaging' are ApplicationId, Digits, From, Message."));
    }

    [Test]
    public async Task A_typo_inside_the_Redis_section_is_refused_too()
    {
        using var host = Build("""
            { "Bandwidth": { "Mfa": {
            """ + Valid + """
            , "SendLimits": { }, "Redis": { "Configuration": "127.0.0.1:6379", "HashKy": "a-hash-key-of-at-least-32-characters!" } } } }
            """, redis: true);

        // Two options types fail (the MFA client's keys, and the Redis options without HashKey): the host reports both.
        var failure = await Assert.CatchAsync<Exception>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("'Bandwidth:Mfa:Redis:HashKy' is not a setting"));
    }

    [Test]
    public async Task A_client_with_no_channel_defaults_stops_the_start_unless_it_opts_out()
    {
        const string NoChannel = "\"AccountId\": \"9900000\", \"AccessToken\": \"token-1\"";
        using var host = Build("{ \"Bandwidth\": { \"Mfa\": { " + NoChannel + " } } }");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Message, Does.Contain("'Bandwidth:Mfa:Messaging' and 'Bandwidth:Mfa:Voice' are both missing 'From' and 'ApplicationId'"));
        Assert.That(failure.Message, Does.Contain("'Bandwidth:Mfa:RequireChannelDefaults' to false"));

        using var optedOut = Build("{ \"Bandwidth\": { \"Mfa\": { " + NoChannel + ", \"RequireChannelDefaults\": false } } }");
        await optedOut.StartAsync();
        await optedOut.StopAsync();
    }

    [Test]
    public async Task A_half_configured_channel_stops_the_start()
    {
        using var host = Build("{ \"Bandwidth\": { \"Mfa\": {" + Valid + ", \"Voice\": { \"From\": \"+19195554321\" } } } }");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("MFA option 'Bandwidth:Mfa:Voice:ApplicationId' is required when 'Bandwidth:Mfa:Voice:From' is set"));
    }

    private IHost Build(string json, bool redis = false, string? named = null)
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), json);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _folder,
            EnvironmentName = Environments.Production,
            Args = Array.Empty<string>(),
        });
        var mfa = named == null
            ? builder.Services.AddBandwidthMfa(builder.Configuration.GetSection("Bandwidth:Mfa"))
            : builder.Services.AddBandwidthMfa(named, builder.Configuration.GetSection("Bandwidth:Mfa:BrandA"));
        if (redis)
        {
            mfa.UseRedisSendLimits(builder.Configuration.GetSection("Bandwidth:Mfa:Redis"));
        }

        return builder.Build();
    }
}
