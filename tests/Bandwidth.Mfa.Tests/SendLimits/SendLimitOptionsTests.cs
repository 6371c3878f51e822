using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>The send limits are validated at start-up, bind from configuration, and apply to DI clients.</summary>
public class SendLimitOptionsTests
{
    private static MfaOptions Valid(MfaSendLimitOptions? limits) => new() { AccountId = "1", AccessToken = "t", SendLimits = limits, RequireChannelDefaults = false };

    private static List<string> Failures(MfaSendLimitOptions limits) => MfaOptionsValidator.Check(Valid(limits)).ToList();

    [Test]
    public void Defaults_and_off_are_valid()
    {
        Assert.That(MfaOptionsValidator.Check(Valid(null)), Is.Empty);
        Assert.That(Failures(new MfaSendLimitOptions()), Is.Empty);
    }

    [TestCase("+1")]
    [TestCase("1234")]
    [TestCase("")]
    [TestCase("4a")]
    [TestCase("01")]
    public void A_calling_code_must_be_1_to_3_digits(string code)
    {
        Assert.That(Failures(new MfaSendLimitOptions { AllowedCallingCodes = { code } }),
            Has.One.Contains("'SendLimits:AllowedCallingCodes'").And.Contains("1 to 3 digits"));
        Assert.That(Failures(new MfaSendLimitOptions { DeniedCallingCodes = { code } }), Has.One.Contains("'SendLimits:DeniedCallingCodes'"));
    }

    [Test]
    public void A_code_on_both_lists_is_refused()
    {
        Assert.That(Failures(new MfaSendLimitOptions { AllowedCallingCodes = { "44" }, DeniedCallingCodes = { "44" } }),
            Has.One.Contains("must not both hold '44'"));
    }

    [Test]
    public void Each_number_names_its_setting()
    {
        Assert.That(Failures(new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromSeconds(-1) }), Has.One.Contains("'SendLimits:ResendCooldown'"));
        Assert.That(Failures(new MfaSendLimitOptions { MaxSendsPerNumber = -1 }), Has.One.Contains("'SendLimits:MaxSendsPerNumber'"));
        Assert.That(Failures(new MfaSendLimitOptions { NumberWindow = TimeSpan.Zero }), Has.One.Contains("'SendLimits:NumberWindow'"));
        Assert.That(Failures(new MfaSendLimitOptions { MaxSendsPerAccount = -5 }), Has.One.Contains("'SendLimits:MaxSendsPerAccount'"));
        Assert.That(Failures(new MfaSendLimitOptions { MaxSendsPerAccount = 10, AccountWindow = TimeSpan.FromMilliseconds(10) }), Has.One.Contains("'SendLimits:AccountWindow'"));
        Assert.That(Failures(new MfaSendLimitOptions { MaxSendsPerAccount = 0, AccountWindow = TimeSpan.Zero }), Is.Empty, "a window of a limit that is off is not checked");
        Assert.That(Failures(new MfaSendLimitOptions { StoreTimeout = TimeSpan.Zero }), Has.One.Contains("'SendLimits:StoreTimeout'"));
        Assert.That(Failures(new MfaSendLimitOptions { StoreTimeout = TimeSpan.FromSeconds(11) }), Has.One.Contains("'SendLimits:StoreTimeout'"));
        Assert.That(Failures(new MfaSendLimitOptions { StoreFailure = (MfaSendLimitStoreFailure)7 }), Has.One.Contains("'SendLimits:StoreFailure'"));
    }

    [Test]
    public async Task Bound_from_configuration_the_limits_apply_to_the_DI_client_and_fail_at_start_up_when_broken()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bandwidth:Mfa:BaseUrl"] = MockMfa.BaseUrl,
            ["Bandwidth:Mfa:AccountId"] = MockMfa.AccountId,
            ["Bandwidth:Mfa:AccessToken"] = "t",
            ["Bandwidth:Mfa:Messaging:From"] = Requests.From,
            ["Bandwidth:Mfa:Messaging:ApplicationId"] = Requests.ApplicationId,
            ["Bandwidth:Mfa:SendLimits:AllowedCallingCodes:0"] = "1",
            ["Bandwidth:Mfa:SendLimits:AllowedCallingCodes:1"] = "44",
            ["Bandwidth:Mfa:SendLimits:ResendCooldown"] = "00:01:00",
            ["Bandwidth:Mfa:SendLimits:StoreFailure"] = "FailOpen",
        };
        using var mock = new MockMfa();
        mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}");
        var services = new ServiceCollection();
        services.AddBandwidthMfa(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bandwidth:Mfa"))
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock.Handler));
        using (var provider = services.BuildServiceProvider())
        {
            var options = provider.GetRequiredService<IOptions<MfaOptions>>().Value;
            Assert.That(options.SendLimits!.AllowedCallingCodes, Is.EqualTo(new[] { "1", "44" }));
            Assert.That(options.SendLimits.StoreFailure, Is.EqualTo(MfaSendLimitStoreFailure.FailOpen));
            Assert.That(provider.GetRequiredService<IMfaSendLimitStore>(), Is.InstanceOf<MfaInMemorySendLimitStore>());

            var mfa = provider.GetRequiredService<IMfaService>();
            await mfa.SendSmsCodeAsync(Requests.To);
            // Another IMfaService (another typed client) shares the container's one store.
            var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => provider.GetRequiredService<IMfaService>().SendSmsCodeAsync(Requests.To)))!;
            Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
            await Assert.ThrowsAsync<MfaSendRefusedException>(() => provider.GetRequiredService<IMfaClient>().GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code().With(c => c.To = "+33612345678")));
            Assert.That(mock.RequestCount, Is.EqualTo(1));
        }

        settings["Bandwidth:Mfa:SendLimits:AllowedCallingCodes:1"] = "+44";
        var broken = new ServiceCollection();
        broken.AddBandwidthMfa(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bandwidth:Mfa"));
        using var brokenProvider = broken.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => _ = brokenProvider.GetRequiredService<IOptions<MfaOptions>>().Value)!;
        Assert.That(failure.Message, Does.Contain("'Bandwidth:Mfa:SendLimits:AllowedCallingCodes'").And.Contain("'+44'"));
    }

    [Test]
    public void ToString_describes_the_limits()
    {
        var text = Valid(new MfaSendLimitOptions { AllowedCallingCodes = { "1" } }).ToString();
        Assert.That(text, Does.Contain("SendLimits = { AllowedCallingCodes = [1]").And.Contain("StoreFailure = FailClosed"));
        Assert.That(Valid(null).ToString(), Does.Contain("SendLimits = (off)"));
    }
}
