using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>Destination prefixes narrow a country code (issue 20, item 5): allow 1, deny 1876; the shipped NANP list.</summary>
public class DestinationPrefixTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}");
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService Create(MfaSendLimitOptions limits)
    {
        limits.ResendCooldown = TimeSpan.Zero;
        limits.MaxSendsPerNumber = 0;
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", SendLimits = limits };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, _mock.Handler);
    }

    private static async Task<bool> Sends(IMfaService mfa, string to)
    {
        try
        {
            await mfa.SendSmsCodeAsync(to);
            return true;
        }
        catch (MfaSendRefusedException refused)
        {
            Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.DestinationNotAllowed));
            Assert.That(refused.Message, Does.Not.Contain(to));
            return false;
        }
    }

    [Test]
    public async Task Allowing_1_and_denying_area_codes_narrows_the_country_code()
    {
        using var mfa = Create(new MfaSendLimitOptions { AllowedPrefixes = { "1" }, DeniedPrefixes = { "1876", "1809" } });
        Assert.That(await Sends(mfa, "+19195551234"), Is.True, "North Carolina");
        Assert.That(await Sends(mfa, "+14165551234"), Is.True, "Toronto");
        Assert.That(await Sends(mfa, "+18765551234"), Is.False, "Jamaica");
        Assert.That(await Sends(mfa, "+18095551234"), Is.False, "Dominican Republic");
        Assert.That(await Sends(mfa, "+18295551234"), Is.True, "not denied here");
        Assert.That(await Sends(mfa, "+447700900123"), Is.False, "not on the allow list");
        Assert.That(_mock.RequestCount, Is.EqualTo(3));
    }

    [TestCase("+18765551234", new[] { "1876" }, new[] { "1" }, true)]   // allow 1876 (4 digits) beats deny 1
    [TestCase("+19195551234", new[] { "1876" }, new[] { "1" }, false)]
    [TestCase("+18765551234", new[] { "1", "187655" }, new[] { "1876" }, true)]  // the longest of three
    [TestCase("+18765441234", new[] { "1", "187655" }, new[] { "1876" }, false)]
    public async Task The_longest_matching_prefix_wins(string to, string[] allowed, string[] denied, bool sent)
    {
        var limits = new MfaSendLimitOptions();
        allowed.ToList().ForEach(limits.AllowedPrefixes.Add);
        denied.ToList().ForEach(limits.DeniedPrefixes.Add);
        using var mfa = Create(limits);
        Assert.That(await Sends(mfa, to), Is.EqualTo(sent));
    }

    [Test]
    public void The_shipped_NANP_list_holds_the_area_codes_of_the_countries_outside_the_US_and_Canada()
    {
        Assert.That(MfaPrefixLists.NanpOutsideUsAndCanada, Is.EquivalentTo(new[]
        {
            "1242", "1246", "1264", "1268", "1284", "1345", "1441", "1473", "1649", "1658", "1664",
            "1721", "1758", "1767", "1784", "1809", "1829", "1849", "1868", "1869", "1876",
        }));
    }

    [Test]
    public async Task DenyNanpOutsideUsAndCanada_refuses_every_listed_area_code_and_keeps_the_US_its_territories_and_Canada()
    {
        using var mfa = Create(new MfaSendLimitOptions { AllowedPrefixes = { "1" }, DenyNanpOutsideUsAndCanada = true });
        foreach (var prefix in MfaPrefixLists.NanpOutsideUsAndCanada)
        {
            Assert.That(await Sends(mfa, "+" + prefix + "5551234"), Is.False, prefix);
        }

        // The US (Puerto Rico, the US Virgin Islands, Guam, the Northern Mariana Islands and American Samoa are the US) and Canada.
        foreach (var prefix in new[] { "1212", "1919", "1787", "1939", "1340", "1671", "1670", "1684", "1416", "1604" })
        {
            Assert.That(await Sends(mfa, "+" + prefix + "5551234"), Is.True, prefix);
        }
    }

    [Test]
    public async Task An_explicitly_allowed_area_code_stays_allowed_under_the_shipped_list()
    {
        using var mfa = Create(new MfaSendLimitOptions { AllowedPrefixes = { "1", "1876" }, DenyNanpOutsideUsAndCanada = true });
        Assert.That(await Sends(mfa, "+18765551234"), Is.True, "Jamaica, allowed by name");
        Assert.That(await Sends(mfa, "+18095551234"), Is.False);
        Assert.That(MfaOptionsValidatorFailures(new MfaSendLimitOptions { AllowedPrefixes = { "1876" }, DenyNanpOutsideUsAndCanada = true }), Is.Empty);
    }

    private static List<string> MfaOptionsValidatorFailures(MfaSendLimitOptions limits) =>
        Configuration.MfaOptionsValidator.Check(new MfaOptions { AccountId = "1", AccessToken = "t", RequireChannelDefaults = false, SendLimits = limits }).ToList();

    [Test]
    public async Task From_configuration_the_prefixes_and_the_NANP_list_need_no_typing_and_the_former_names_still_work()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bandwidth:Mfa:BaseUrl"] = MockMfa.BaseUrl,
            ["Bandwidth:Mfa:AccountId"] = MockMfa.AccountId,
            ["Bandwidth:Mfa:AccessToken"] = "t",
            ["Bandwidth:Mfa:Messaging:From"] = Requests.From,
            ["Bandwidth:Mfa:Messaging:ApplicationId"] = Requests.ApplicationId,
            ["Bandwidth:Mfa:SendLimits:AllowedPrefixes:0"] = "1",
            ["Bandwidth:Mfa:SendLimits:AllowedCallingCodes:0"] = "44",        // the former name, still read
            ["Bandwidth:Mfa:SendLimits:DeniedCallingCodes:0"] = "4470",      // a prefix under the former name
            ["Bandwidth:Mfa:SendLimits:DenyNanpOutsideUsAndCanada"] = "true",
            ["Bandwidth:Mfa:SendLimits:ResendCooldown"] = "00:00:00",
            ["Bandwidth:Mfa:SendLimits:MaxSendsPerNumber"] = "0",
        };
        var services = new ServiceCollection();
        services.AddBandwidthMfa(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bandwidth:Mfa"))
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        using (var provider = services.BuildServiceProvider())
        {
            var mfa = provider.GetRequiredService<IMfaService>();
            Assert.That(await Sends(mfa, "+19195551234"), Is.True);
            Assert.That(await Sends(mfa, "+18765551234"), Is.False);
            Assert.That(await Sends(mfa, "+447911123456"), Is.True);
            Assert.That(await Sends(mfa, "+447011123456"), Is.False);
        }

        settings["Bandwidth:Mfa:SendLimits:DeniedPrefixes:0"] = "1";
        var broken = new ServiceCollection();
        broken.AddBandwidthMfa("brand-a", new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bandwidth:Mfa"));
        using var brokenProvider = broken.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => _ = brokenProvider.GetRequiredService<IOptionsMonitor<MfaOptions>>().Get("brand-a"))!;
        Assert.That(failure.Message, Does.Contain("MFA client 'brand-a': MFA option 'Bandwidth:Mfa:SendLimits:AllowedPrefixes' and 'Bandwidth:Mfa:SendLimits:DeniedPrefixes' must not both hold '1'"));
    }
}
