using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using NUnit.Framework;
using OpenQA.Selenium;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Page;

/// <summary>
/// The outbox page in a real headless Chromium, each test with its own server process and its own browser: codes appear
/// live without a reload, the failure controls make the next call fail, caller text stays text, verifications and
/// lockouts show, clear and the number filter work. One test saves the screenshot that the README shows.
/// </summary>
[Parallelizable(ParallelScope.None)]
[NonParallelizable]
[Category("Browser")]
public class OutboxPageTests
{
    private const string OtherNumber = "+19195550001";

    private ServerProcess? _server;
    private BrowserSession? _browser;
    private HttpClient? _http;

    private ServerProcess Server => _server!;

    private BrowserSession Page => _browser!;

    private HttpClient Http => _http!;

    [TearDown]
    public async Task Stop()
    {
        _browser?.Dispose();
        _browser = null;
        _http?.Dispose();
        _http = null;
        if (_server != null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    [Test]
    public async Task A_code_sent_by_the_client_appears_without_a_reload()
    {
        await Open();
        Page.Script("window.__noReload = 1;");
        using var client = Client(Server);

        var sent = await client.SendSmsCodeAsync(To, "login");

        var row = Page.WaitFor(d => d.FindElements(By.CssSelector("[data-testid='message-row'][data-id='" + sent.MessageId + "']")).FirstOrDefault(), "the row of the code just sent")!;
        var (status, last, _) = await GetAsync(Http, "sandbox/api/numbers/" + Uri.EscapeDataString(To) + "/last-code");
        Assert.That(status, Is.EqualTo(200));
        Assert.Multiple(() =>
        {
            Assert.That(row.FindElement(By.CssSelector("[data-testid='message-code']")).Text, Is.EqualTo((string?)last!["code"]));
            Assert.That(row.FindElement(By.CssSelector("[data-testid='message-text']")).Text, Is.EqualTo((string?)last["text"]));
            Assert.That(row.GetAttribute("data-to"), Is.EqualTo(To));
            Assert.That(row.Text, Does.Contain("login").And.Contain("SMS"));
            Assert.That(Page.Script("return window.__noReload;"), Is.EqualTo(1L), "the page was not reloaded");
            Assert.That(Page.Rows("message-row"), Has.Count.EqualTo(1));
            Assert.That(Page.ById("messages-empty").Displayed, Is.False);
        });

        // The info panel names the addresses a client is pointed at.
        Assert.That(Page.Text("info-base-url"), Is.EqualTo(Server.BaseUrl.ToString()));
        Assert.That(Page.Text("info-token-url"), Is.EqualTo(Server.TokenUrl.ToString()));
    }

    [Test]
    public async Task The_fail_next_call_control_makes_the_next_call_fail_and_only_that_one()
    {
        await Open();
        using var client = Client(Server);
        Assert.That(Page.Text("pending-failures"), Is.EqualTo("0"));

        Page.Driver.FindElement(By.CssSelector("#failure-kind option[value='internalServerError']")).Click();
        Page.ById("failure-add").Click();
        Page.WaitFor(_ => Page.Text("pending-failures") == "1", "one pending failure");
        var (_, outbox, _) = await GetAsync(Http, "sandbox/api/outbox");
        Assert.That((int)outbox!["pendingFailures"]!, Is.EqualTo(1), "the page queued it on the server");

        var failure = await Assert.CatchAsync<MfaApiException>(() => client.SendSmsCodeAsync(To));
        Assert.That(failure!.Status, Is.EqualTo(500));
        var sent = await client.SendSmsCodeAsync(To);

        Page.WaitFor(_ => Page.Text("pending-failures") == "0", "the pending count back at 0");
        Page.WaitFor(d => d.FindElements(By.CssSelector("[data-testid='message-row'][data-id='" + sent.MessageId + "']")).Count == 1, "the code of the call that succeeded");
        Assert.That(Page.Rows("message-row"), Has.Count.EqualTo(1), "the failed call sent nothing");
        Assert.That(Page.Text("failure-message"), Does.StartWith("Queued: "));
    }

    [Test]
    public async Task Cancel_pending_failures_drops_them()
    {
        await Open();
        Page.Driver.FindElement(By.CssSelector("#failure-kind option[value='status']")).Click();
        Assert.That(Page.ById("failure-status").Displayed, Is.True, "the status field belongs to this kind");
        Assert.That(Page.ById("failure-retry-after").Displayed, Is.False, "Retry-After does not");
        Page.ById("failure-status").SendKeys("418");
        Page.ById("failure-times").Clear();
        Page.ById("failure-times").SendKeys("3");
        Page.ById("failure-add").Click();
        Page.WaitFor(_ => Page.Text("pending-failures") == "3", "three pending failures");

        Page.ById("failure-cancel").Click();

        Page.WaitFor(_ => Page.Text("pending-failures") == "0", "no pending failure");
        using var client = Client(Server);
        Assert.That((await client.SendSmsCodeAsync(To)).MessageId, Is.Not.Empty);
    }

    [Test]
    public async Task Html_in_a_message_text_is_shown_as_text_and_creates_no_element()
    {
        await Open();
        using var client = Client(Server);
        const string Template = "<img src=x onerror=alert(1)><b>bold</b>{CODE}";

        var sent = await client.SendSmsCodeAsync(To, overrides: new MfaSendOverrides { Message = Template });

        var row = Page.WaitFor(d => d.FindElements(By.CssSelector("[data-testid='message-row'][data-id='" + sent.MessageId + "']")).FirstOrDefault(), "the row of the code just sent")!;
        var code = row.FindElement(By.CssSelector("[data-testid='message-code']")).Text;
        Assert.Multiple(() =>
        {
            Assert.That(row.FindElement(By.CssSelector("[data-testid='message-text']")).Text, Is.EqualTo("<img src=x onerror=alert(1)><b>bold</b>" + code));
            Assert.That(Page.Driver.FindElements(By.TagName("img")), Is.Empty);
            Assert.That(Page.Driver.FindElements(By.TagName("b")), Is.Empty);
            Assert.That(Page.Script("return document.querySelector('[data-testid=message-text]').childElementCount;"), Is.EqualTo(0L));
        });
        Assert.Throws<NoAlertPresentException>(() => Page.Driver.SwitchTo().Alert());
    }

    [Test]
    public async Task Verification_attempts_and_a_lockout_show_and_clear_empties_the_lists()
    {
        await Open("--max-failed-verifications", "2", "--cool-down", "600");
        using var client = Client(Server);
        var sent = await client.SendSmsCodeAsync(To);
        var code = await LastCode(To);
        var wrong = code == "000000" ? "111111" : "000000";

        Assert.That(await client.VerifyCodeAsync(To, code), Is.True);
        Assert.That(await client.VerifyCodeAsync(To, wrong), Is.False);
        Assert.That(await client.VerifyCodeAsync(To, wrong), Is.False);
        var locked = await Assert.CatchAsync<MfaApiException>(() => client.VerifyCodeAsync(To, code));
        Assert.That(locked!.IsRateLimited, Is.True);

        Page.WaitFor(_ => Page.Rows("verification-row").Count == 4, "four verification attempts");
        Page.WaitFor(_ => Page.Rows("lockout-row").Count == 1, "the lockout");
        var results = Page.Rows("verification-row").Select(r => r.GetAttribute("data-result")).ToArray();
        Assert.That(results, Is.EqualTo(new[] { "lockedOut", "invalid", "invalid", "valid" }), "newest first");
        var lockout = Page.Rows("lockout-row").Single();
        Assert.That(lockout.GetAttribute("data-to"), Is.EqualTo(To));
        var countdown = Page.WaitFor(_ => lockout.FindElement(By.CssSelector("[data-testid='lockout-countdown']")).Text is { Length: > 0 } t ? t : null, "a cool-down");
        Assert.That(countdown, Does.Match("^(9|10):[0-5][0-9]$"), "about ten minutes left");

        Page.ById("clear").Click();

        Page.WaitFor(_ => Page.Rows("message-row").Count == 0 && Page.Rows("verification-row").Count == 0, "empty lists");
        Assert.Multiple(() =>
        {
            Assert.That(Page.ById("messages-empty").Displayed, Is.True);
            Assert.That(Page.ById("verifications-empty").Displayed, Is.True);
            Assert.That(Page.Rows("lockout-row"), Has.Count.EqualTo(1), "clearing the outbox does not lift a lockout");
        });
        var (_, outbox, _) = await GetAsync(Http, "sandbox/api/outbox");
        Assert.That(outbox!["messages"]!.Count(), Is.EqualTo(0));
        Assert.That(sent.MessageId, Is.Not.Empty);
    }

    [Test]
    public async Task Unlock_ends_one_numbers_lockout_at_once_and_its_right_code_verifies_again()
    {
        await Open("--max-failed-verifications", "2", "--cool-down", "600");
        using var client = Client(Server);
        await client.SendSmsCodeAsync(To);
        var code = await LastCode(To);
        var wrong = code == "000000" ? "111111" : "000000";
        foreach (var number in new[] { To, OtherNumber })
        {
            await client.VerifyCodeAsync(number, wrong);
            await client.VerifyCodeAsync(number, wrong);
        }

        // Every change re-renders the rows, so the button is found and clicked in one step that starts again when the row
        // it found was replaced meanwhile (a stale element); the page has settled once all four attempts show.
        Page.WaitFor(_ => Page.Rows("lockout-row").Count == 2 && Page.Rows("verification-row").Count == 4, "both lockouts");
        var label = Page.WaitFor(driver =>
        {
            var button = driver.FindElement(By.CssSelector("[data-testid='lockout-row'][data-to='" + To + "'] [data-testid='lockout-unlock']"));
            var text = button.GetAttribute("aria-label");
            button.Click();
            return text ?? string.Empty;
        }, "the unlock button of " + To);
        Assert.That(label, Is.EqualTo("Unlock " + To + " (account " + AccountId + ")"));

        Page.WaitFor(_ => Page.Rows("lockout-row").Count == 1, "one lockout left");
        Assert.Multiple(() =>
        {
            Assert.That(Page.Rows("lockout-row").Single().GetAttribute("data-to"), Is.EqualTo(OtherNumber), "the other number stays locked");
            Assert.That(Page.Text("lockouts-message"), Is.EqualTo("Unlocked " + To + "."));
            Assert.That(Page.Rows("verification-row"), Has.Count.EqualTo(4), "the verification log keeps its entries");
        });
        Assert.That(await client.VerifyCodeAsync(To, code), Is.True, "no cool-down to wait for");
        var stillLocked = await Assert.CatchAsync<MfaApiException>(() => client.VerifyCodeAsync(OtherNumber, wrong));
        Assert.That(stillLocked!.Status, Is.EqualTo(429));
    }

    [Test]
    public async Task The_number_filter_shows_only_that_numbers_rows()
    {
        await Open();
        using var client = Client(Server);
        await client.SendSmsCodeAsync(To);
        await client.SendVoiceCodeAsync(OtherNumber);
        await client.SendSmsCodeAsync(OtherNumber);
        await client.VerifyCodeAsync(To, "000000");
        Page.WaitFor(_ => Page.Rows("message-row").Count == 3 && Page.Rows("verification-row").Count == 1, "every row");

        Page.ById("filter").SendKeys(OtherNumber);

        Page.WaitFor(_ => Page.Rows("message-row").Count == 2, "the two rows of " + OtherNumber);
        Assert.Multiple(() =>
        {
            Assert.That(Page.Rows("message-row").Select(r => r.GetAttribute("data-to")), Is.All.EqualTo(OtherNumber));
            Assert.That(Page.Rows("verification-row"), Is.Empty);
            Assert.That(Page.ById("verifications-empty").Displayed, Is.True);
            Assert.That(Page.Driver.Url, Does.Contain("to=%2B19195550001"), "the filter is kept in the address");
        });

        // A change while filtering keeps the filter.
        await client.SendSmsCodeAsync(To);
        await client.SendSmsCodeAsync(OtherNumber);
        Page.WaitFor(_ => Page.Rows("message-row").Count == 3, "the new row of " + OtherNumber);
        Assert.That(Page.Rows("message-row").Select(r => r.GetAttribute("data-to")), Is.All.EqualTo(OtherNumber));

        Page.ById("filter").SendKeys(Keys.Control + "a");
        Page.ById("filter").SendKeys(Keys.Delete);
        Page.WaitFor(_ => Page.Rows("message-row").Count == 5, "every row again");
    }

    [Test]
    public async Task A_burst_of_codes_all_appear()
    {
        await Open();
        using var client = Client(Server);
        var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.SendSmsCodeAsync("+1919555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Page.WaitFor(_ => Page.Rows("message-row").Count == 20, "all twenty codes");
        var shown = Page.Rows("message-row").Select(r => r.GetAttribute("data-id")).ToHashSet();
        Assert.That(shown, Is.EquivalentTo(sent.Select(s => s.MessageId)));
    }

    [Test]
    public async Task Screenshot_of_the_outbox()
    {
        await Open("--max-failed-verifications", "3");
        using var client = Client(Server);
        await client.SendSmsCodeAsync(OtherNumber, "signup");
        await client.SendVoiceCodeAsync("+19195550002", "password-reset");
        await client.VerifyCodeAsync(OtherNumber, await LastCode(OtherNumber), "signup");
        for (var i = 0; i < 3; i++)
        {
            await client.VerifyCodeAsync("+19195550002", "000000", "password-reset");
        }

        await client.SendSmsCodeAsync(To, "login");
        await client.SendSmsCodeAsync(To, "login", new MfaSendOverrides { Message = "Your Example Bank code is {CODE}. It expires in 3 minutes. <b>Never</b> share it." });
        Page.WaitFor(_ => Page.Rows("message-row").Count == 4 && Page.Rows("verification-row").Count == 4 && Page.Rows("lockout-row").Count == 1, "the example state");
        Page.WaitFor(_ => Page.Text("info-base-url").StartsWith("http", StringComparison.Ordinal), "the server info");
        Page.Script("document.activeElement && document.activeElement.blur(); document.querySelectorAll('tr.new').forEach(function (r) { r.classList.remove('new'); });");
        Assert.That(Page.Script("return [window.innerWidth, window.innerHeight].join('x');"), Is.EqualTo("1280x900"));

        var screenshot = Page.Driver.GetScreenshot();
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "sandbox-outbox.png");
        screenshot.SaveAsFile(output);
        TestContext.AddTestAttachment(output, "The outbox page");
        Assert.That(new FileInfo(output).Length, Is.GreaterThan(10_000));

        if (Environment.GetEnvironmentVariable("MFA_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(RepositoryRoot(), "docs");
            Directory.CreateDirectory(docs);
            File.Copy(output, Path.Combine(docs, "sandbox-outbox.png"), overwrite: true);
            TestContext.Out.WriteLine("Updated docs/sandbox-outbox.png");
        }
    }

    private async Task Open(params string[] arguments)
    {
        // The browser first: where there is none, the test is skipped before a server is started.
        _browser = BrowserSession.Start();
        _server = await ServerProcess.StartAsync(arguments);
        _http = SandboxClients.Http(_server);
        Page.OpenOutbox(_server.Root);
    }

    private async Task<string> LastCode(string to)
    {
        var (status, last, body) = await GetAsync(Http, "sandbox/api/numbers/" + Uri.EscapeDataString(to) + "/last-code");
        Assert.That(status, Is.EqualTo(200), body);
        return (string)last!["code"]!;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bandwidth.Mfa.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Bandwidth.Mfa.sln was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
