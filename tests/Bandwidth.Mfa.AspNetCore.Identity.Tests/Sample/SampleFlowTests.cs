using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Bandwidth.Mfa.AspNetCore.Identity.Tests.Sample;

/// <summary>The sample site's whole flow through WebApplicationFactory: its real pages, Identity UI, a SQLite file and the embedded sandbox.</summary>
public class SampleFlowTests
{
    private const string Phone = "+19195551234";
    private string _db = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        _db = Path.Combine(Path.GetTempPath(), "identity-sample-" + Guid.NewGuid().ToString("N") + ".db");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Identity", "Data Source=" + _db + ";Pooling=False"));
        _http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _factory.Dispose();
        File.Delete(_db);
    }

    private MfaSandbox Sandbox => _factory.Services.GetRequiredService<MfaSandbox>();

    private async Task<string> PostAsync(string page, string formPage, params (string Name, string Value)[] fields)
    {
        using var get = await _http.GetAsync(formPage);
        var form = await get.Content.ReadAsStringAsync();
        Assert.That((int)get.StatusCode, Is.LessThan(400), () => formPage + ": " + Regex.Replace(form, "<[^>]+>", " ").Substring(0, Math.Min(1500, form.Length)));
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        using var response = await _http.PostAsync(page, new FormUrlEncodedContent(values));
        Assert.That((int)response.StatusCode, Is.LessThan(400), page);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task RegisterWithConfirmedPhoneAndTwoFactorAsync()
    {
        await PostAsync("/Identity/Account/Register", "/Identity/Account/Register", ("Input.Email", "ana@example.com"), ("Input.Password", "Passw0rd!"), ("Input.ConfirmPassword", "Passw0rd!"));
        Assert.That(await PostAsync("/Phone?handler=Send", "/Phone", ("Number", Phone)), Does.Contain("We texted a code"));
        var code = Sandbox.Messages.Last().Code;
        Assert.That(await PostAsync("/Phone?handler=Confirm", "/Phone", ("Number", Phone), ("Code", code)), Does.Contain("Phone number confirmed."));
        Assert.That(await PostAsync("/TwoFactor", "/TwoFactor"), Does.Contain("Two-factor is on."));
        await PostAsync("/Identity/Account/Logout?returnUrl=/", "/");
    }

    private async Task<string> SignInWithPasswordAsync()
    {
        return await PostAsync("/Identity/Account/Login", "/Identity/Account/Login", ("Input.Email", "ana@example.com"), ("Input.Password", "Passw0rd!"));
    }

    private Task<string> TwoFactorAsync(string handler, params (string, string)[] fields) => PostAsync("/Identity/Account/LoginWith2fa?handler=" + handler, "/Identity/Account/LoginWith2fa", fields);

    [Test]
    public async Task Register_confirm_a_phone_enable_two_factor_and_sign_in_with_password_then_SMS_code()
    {
        await RegisterWithConfirmedPhoneAndTwoFactorAsync();

        Assert.That(await SignInWithPasswordAsync(), Does.Contain("Second step"));
        Assert.That(await TwoFactorAsync("Send", ("Provider", MfaTokenProviders.Sms)), Does.Contain("We texted a code to your phone."));
        var sms = Sandbox.Messages.Last();
        Assert.That(sms.Channel, Is.EqualTo(MfaSandboxChannel.Sms));
        Assert.That(sms.Scope, Does.StartWith("login-"));
        var home = await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Sms), ("Code", sms.Code));

        Assert.That(home, Does.Contain("Sign out ana@example.com"));
        Assert.That(File.Exists(_db), Is.True, "a real database file");
    }

    [Test]
    public async Task A_wrong_code_then_the_voice_fall_back_signs_in()
    {
        await RegisterWithConfirmedPhoneAndTwoFactorAsync();
        await SignInWithPasswordAsync();
        await TwoFactorAsync("Send", ("Provider", MfaTokenProviders.Sms));
        var sms = Sandbox.Messages.Last().Code;

        Assert.That(await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Sms), ("Code", sms == "111111" ? "222222" : "111111")), Does.Contain("Wrong code."));
        Assert.That(await TwoFactorAsync("Send", ("Provider", MfaTokenProviders.Voice)), Does.Contain("We are calling your phone."));
        var call = Sandbox.Messages.Last();
        Assert.That(call.Channel, Is.EqualTo(MfaSandboxChannel.Voice));

        Assert.That(await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Voice), ("Code", call.Code)), Does.Contain("Sign out ana@example.com"));
    }

    [Test]
    public async Task A_phone_confirmation_code_cannot_sign_in()
    {
        await RegisterWithConfirmedPhoneAndTwoFactorAsync();
        var confirmation = Sandbox.Messages.Last().Code;
        await SignInWithPasswordAsync();
        await TwoFactorAsync("Send", ("Provider", MfaTokenProviders.Sms));
        Assume.That(Sandbox.Messages.Last().Code, Is.Not.EqualTo(confirmation));

        Assert.That(await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Sms), ("Code", confirmation)), Does.Contain("Wrong code."));
    }

    [Test]
    public async Task After_too_many_wrong_codes_the_page_says_when_to_try_again()
    {
        await RegisterWithConfirmedPhoneAndTwoFactorAsync();
        await SignInWithPasswordAsync();
        await TwoFactorAsync("Send", ("Provider", MfaTokenProviders.Sms));
        var code = Sandbox.Messages.Last().Code;
        var wrong = code == "111111" ? "222222" : "111111";
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Sms), ("Code", wrong)), Does.Contain("Wrong code."));
        }

        var page = await TwoFactorAsync("Verify", ("Provider", MfaTokenProviders.Sms), ("Code", code));

        Assert.That(page, Does.Contain("Too many wrong codes for this phone number; try again in 2 minutes."));
        Assert.That(page, Does.Not.Contain("Sign out"));
    }
}
