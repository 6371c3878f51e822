// The example of the "Testing your login flow" sections of README.md and src/Bandwidth.Mfa.Testing/README.md, compiled and
// run so that it stays true. Keep the three in step.
using System;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Testing.PartnerExample;

// --- the partner's own code ---------------------------------------------------------------------------------------

public enum LoginResult { SignedIn, WrongCode, TooManyAttempts }

public sealed class LoginService(IMfaService mfa)
{
    public Task StartAsync(string phone, CancellationToken ct = default) =>
        mfa.SendSmsCodeAsync(phone, scope: "login", cancellationToken: ct);

    public async Task<LoginResult> CompleteAsync(string phone, string code, CancellationToken ct = default)
    {
        try
        {
            return await mfa.VerifyCodeAsync(phone, code, scope: "login", cancellationToken: ct)
                ? LoginResult.SignedIn
                : LoginResult.WrongCode;
        }
        catch (MfaApiException ex) when (ex.IsRateLimited)
        {
            return LoginResult.TooManyAttempts;
        }
    }
}

// --- the partner's tests --------------------------------------------------------------------------------------------

public class LoginFlowTests
{
    private const string Phone = "+14155550100";

    private FakeTimeProvider _clock = null!;
    private MfaSandbox _sandbox = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider();
        _sandbox = new MfaSandbox(new MfaSandboxOptions { TimeProvider = _clock });
        _services = new ServiceCollection()
            .AddBandwidthMfa(o =>
            {
                o.AccountId = "9900000";
                o.Username = "test";                 // the sandbox accepts any well-formed credentials
                o.Password = "test";
                o.Messaging.From = "+19195554321";
                o.Messaging.ApplicationId = "my-messaging-app";
            })
            .UseSandbox(_sandbox)                    // nothing leaves the process; nobody is texted
            .Services
            .AddTransient<LoginService>()
            .BuildServiceProvider();
    }

    [TearDown]
    public void TearDown() => _services.Dispose();

    private LoginService Login => _services.GetRequiredService<LoginService>();

    [Test]
    public async Task A_user_who_types_the_texted_code_is_signed_in()
    {
        await Login.StartAsync(Phone);

        var sms = _sandbox.LastMessageTo(Phone)!;       // what the phone would show
        Assert.That(sms.Text, Does.Contain(sms.Code));
        Assert.That(await Login.CompleteAsync(Phone, sms.Code), Is.EqualTo(LoginResult.SignedIn));
    }

    [Test]
    public async Task A_wrong_code_is_refused()
    {
        await Login.StartAsync(Phone);

        Assert.That(await Login.CompleteAsync(Phone, "00000000"), Is.EqualTo(LoginResult.WrongCode));
    }

    [Test]
    public async Task A_code_older_than_the_expiration_time_is_refused()
    {
        await Login.StartAsync(Phone);
        _clock.Advance(TimeSpan.FromMinutes(6));        // MfaOptions.ExpirationTimeInMinutes is 5 by default

        Assert.That(await Login.CompleteAsync(Phone, _sandbox.LastCodeTo(Phone)), Is.EqualTo(LoginResult.WrongCode));
    }

    [Test]
    public async Task Too_many_wrong_codes_lock_the_number_until_the_cool_down_passed()
    {
        await Login.StartAsync(Phone);
        for (var i = 0; i < 5; i++)
        {
            await Login.CompleteAsync(Phone, "00000000");
        }

        Assert.That(await Login.CompleteAsync(Phone, _sandbox.LastCodeTo(Phone)), Is.EqualTo(LoginResult.TooManyAttempts));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await Login.CompleteAsync(Phone, _sandbox.LastCodeTo(Phone)), Is.EqualTo(LoginResult.SignedIn));
    }

    [Test]
    public void An_outage_reaches_the_caller_as_an_MfaException()
    {
        _sandbox.FailNext(MfaSandboxFailure.ServiceUnavailable());

        Assert.That(async () => await Login.StartAsync(Phone), Throws.InstanceOf<MfaException>());
        Assert.That(_sandbox.Messages, Is.Empty);
    }
}
