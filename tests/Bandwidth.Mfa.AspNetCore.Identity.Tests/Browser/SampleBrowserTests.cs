using System;
using System.IO;
using System.Linq;
using Bandwidth.Mfa.SandboxServer.Tests.Page;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using OpenQA.Selenium;

namespace Bandwidth.Mfa.AspNetCore.Identity.Tests.Browser;

/// <summary>The sample's flow in headless Chromium against the sample on Kestrel (127.0.0.1, a free port).</summary>
public class SampleBrowserTests
{
    [Test]
    public void Register_confirm_enable_sign_out_and_sign_in_with_an_SMS_code_in_a_real_browser()
    {
        using var browser = BrowserSession.Start();
        var db = Path.Combine(Path.GetTempPath(), "identity-sample-" + Guid.NewGuid().ToString("N") + ".db");
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Identity", "Data Source=" + db + ";Pooling=False"));
        factory.UseKestrel(0);
        try
        {
            factory.StartServer();
            var root = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1"));
            var sandbox = factory.Services.GetRequiredService<MfaSandbox>();
            var page = browser.Driver;

            page.Navigate().GoToUrl(new Uri(root, "/Identity/Account/Register"));
            browser.ById("Input_Email").SendKeys("ana@example.com");
            browser.ById("Input_Password").SendKeys("Passw0rd!");
            browser.ById("Input_ConfirmPassword").SendKeys("Passw0rd!");
            browser.ById("registerSubmit").Click();
            browser.WaitFor(d => d.FindElements(By.Id("logout")).Count == 1, "signed in after registering");

            page.Navigate().GoToUrl(new Uri(root, "/Phone"));
            browser.ById("number").SendKeys("+19195551234");
            browser.ById("send").Click();
            browser.WaitFor(d => d.FindElements(By.Id("message")).Count == 1, "the code was sent");
            browser.ById("code").SendKeys(sandbox.Messages.Last().Code);
            browser.ById("confirm").Click();
            browser.WaitFor(d => d.FindElement(By.Id("message")).Text == "Phone number confirmed.", "the number is confirmed");

            page.Navigate().GoToUrl(new Uri(root, "/TwoFactor"));
            browser.ById("enable").Click();
            browser.WaitFor(d => d.FindElement(By.Id("state")).Text == "Two-factor is on.", "two-factor is on");
            browser.ById("logout").Click();
            browser.WaitFor(d => d.FindElements(By.Id("logout")).Count == 0, "signed out");

            page.Navigate().GoToUrl(new Uri(root, "/Identity/Account/Login"));
            browser.ById("Input_Email").SendKeys("ana@example.com");
            browser.ById("Input_Password").SendKeys("Passw0rd!");
            browser.ById("login-submit").Click();
            browser.WaitFor(d => d.FindElements(By.Id("send-sms")).Count == 1, "the second step");
            browser.ById("send-sms").Click();
            browser.WaitFor(d => d.FindElement(By.Id("message")).Text == "We texted a code to your phone.", "the sign-in code was sent");
            var code = sandbox.Messages.Last().Code;
            browser.ById("code").SendKeys(code);
            Screenshot(browser, "identity-sample-two-factor.png");
            browser.ById("verify").Click();

            browser.WaitFor(d => d.FindElements(By.Id("logout")).Count == 1, "signed in with the SMS code");
            Assert.That(browser.Text("logout"), Is.EqualTo("Sign out ana@example.com"));
        }
        finally
        {
            factory.Dispose();
            File.Delete(db);
        }
    }

    private static void Screenshot(BrowserSession browser, string name)
    {
        var shot = ((ITakesScreenshot)browser.Driver).GetScreenshot();
        shot.SaveAsFile(Path.Combine(TestContext.CurrentContext.WorkDirectory, name));
        if (Environment.GetEnvironmentVariable("MFA_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "docs", name);
            shot.SaveAsFile(Path.GetFullPath(docs));
        }
    }
}
