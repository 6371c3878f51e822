using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Hosting;

/// <summary>Where the server listens, whom it answers, what it prints, and that it never outlives the process that started it.</summary>
public class ServerSafetyTests
{
    [TestCase("0.0.0.0")]
    [TestCase("::")]
    public async Task A_non_loopback_host_is_refused_unless_allowed_explicitly(string host)
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync("--host", host, "--port", "0");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.Trim(), Does.StartWith("mfa-sandbox: --host ").And.Contain("is not a loopback address").And.Contain("--allow-remote"));
        Assert.That(output, Does.Not.Contain("Listening on"));
    }

    [TestCase(new[] { "--port", "65536" }, "--port must be a whole number from 0 to 65535, not '65536'.")]
    [TestCase(new[] { "--port", "x" }, "--port must be a whole number from 0 to 65535, not 'x'.")]
    [TestCase(new[] { "--port" }, "--port needs a value.")]
    [TestCase(new[] { "--host", "example" }, "--host must be an IP address or localhost, not 'example'.")]
    [TestCase(new[] { "--username", "u" }, "--username and --password go together: give both or neither.")]
    [TestCase(new[] { "--client-secret", "s" }, "--client-id and --client-secret go together: give both or neither.")]
    [TestCase(new[] { "--max-failed-verifications", "0" }, "--max-failed-verifications must be a whole number from 1 to 1000, not '0'.")]
    [TestCase(new[] { "--history", "100001" }, "--history must be a whole number from 1 to 100000, not '100001'.")]
    [TestCase(new[] { "--allow-remote=yes" }, "--allow-remote takes no value.")]
    [TestCase(new[] { "--port", "1", "--port", "2" }, "--port is given twice.")]
    [TestCase(new[] { "--host", "localhost", "--port", "0" }, "--port 0 needs --host 127.0.0.1 or ::1: with localhost one free port cannot be picked for both loopback addresses.")]
    [TestCase(new[] { "--verbose" }, "Unknown option '--verbose'; --help lists the options.")]
    public async Task A_bad_command_line_is_one_line_that_names_the_option_and_exit_code_2(string[] arguments, string message)
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(arguments);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.Trim(), Is.EqualTo("mfa-sandbox: " + message));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (exitCode, output, _) = await ServerProcess.RunToExitAsync("--help");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("--port <n>").And.Contain("--allow-remote").And.Contain("--exit-when-stdin-closes").And.Contain("default 5380"));
    }

    [Test]
    public async Task A_port_in_use_is_one_line_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, _, error) = await ServerProcess.RunToExitAsync("--port", port);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("mfa-sandbox: cannot listen on 127.0.0.1 port " + port).And.EndWith("Choose another with --port, or --port 0 for a free one."));
    }

    [Test]
    public async Task Closing_standard_input_stops_the_server_as_the_death_of_its_parent_would()
    {
        var server = await ServerProcess.StartAsync();
        await using (server)
        {
            server.CloseStandardInput();

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await server.Exited.WaitAsync(bound.Token);

            Assert.That(server.HasExited, Is.True);
            Assert.That(server.Output, Does.Contain("Standard input closed: stopping."));
        }
    }

    [Test]
    public async Task Stopping_does_not_wait_for_an_injected_timeout_that_holds_an_answer()
    {
        var server = await ServerProcess.StartAsync();
        await using (server)
        {
            using var http = Http(server);
            http.Timeout = TimeSpan.FromMinutes(5);
            await PostAsync(http, "sandbox/api/failures", "{\"failure\":\"timeout\",\"maxWaitSeconds\":3600}");
            using var held = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var pending = http.PostAsync("api/v1/accounts/" + AccountId + "/code/verify", held);
            using (var taken = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                // The failure leaves the queue when the request takes it: from then on the answer is being held.
                while ((int)(await GetAsync(http, "sandbox/api/outbox")).Json!["pendingFailures"]! != 0)
                {
                    await Task.Delay(20, taken.Token);
                }
            }

            server.CloseStandardInput();

            // Kestrel's graceful stop waits up to 30 s for requests in progress; the held one must not make it wait.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await server.Exited.WaitAsync(bound.Token);
            Assert.That(server.HasExited, Is.True);
            await Assert.CatchAsync<HttpRequestException>(() => pending, "the held request ends without an answer");
        }
    }

    [Test]
    public async Task Another_loopback_address_is_answered_under_the_name_it_prints()
    {
        await using var server = await ServerProcess.StartAsync("--host", "127.0.0.2");
        using var http = Http(server);

        var (status, info, _) = await GetAsync(http, "sandbox/api/info");

        Assert.That(server.Root.Host, Is.EqualTo("127.0.0.2"));
        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)info!["baseUrl"], Is.EqualTo(server.BaseUrl.ToString()));
    }

    [Test]
    public async Task An_address_that_cannot_be_bound_is_one_line_and_exit_code_1()
    {
        // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it, so binding it fails.
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync("--host", "192.0.2.1", "--allow-remote", "--port", "0");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("mfa-sandbox: cannot listen on 192.0.2.1 port 0").And.Not.Contain("\n").And.Not.Contain(" at "));
        Assert.That(output, Is.Empty, "no stack trace of the host's own on standard output either");
    }

    [TestCase("sandbox/api/outbox")]
    [TestCase("")]
    [TestCase("api/v1/accounts/9900000/code/verify")]
    public async Task A_request_naming_another_host_is_refused_so_that_a_rebound_name_cannot_read_the_codes(string path)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = Http(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "mfa.bandwidth.com";

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("code"));
    }

    [Test]
    public async Task The_page_is_served_with_a_strict_content_security_policy()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = Http(server);

        using var page = await http.GetAsync("");
        using var script = await http.GetAsync("outbox.js");

        Assert.That((int)page.StatusCode, Is.EqualTo(200));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'none'; script-src 'self';"));
        Assert.That(page.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(script.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
    }

    [Test]
    public async Task Configured_credentials_are_the_only_ones_accepted_and_never_printed()
    {
        const string Password = "p4ss-w0rd-never-printed";
        await using var server = await ServerProcess.StartAsync("--username", "team-ci", "--password", Password, "--account-id", AccountId);
        using var right = Client(server, o => { o.Username = "team-ci"; o.Password = Password; });
        using var wrongPassword = Client(server, o => { o.Username = "team-ci"; o.Password = "guess"; });
        using var wrongAccount = Client(server, o => { o.Username = "team-ci"; o.Password = Password; o.AccountId = "9900001"; });
        using var http = Http(server);

        await right.SendSmsCodeAsync(To);
        var refused = await Assert.CatchAsync<MfaApiException>(() => wrongPassword.SendSmsCodeAsync(To));
        var otherAccount = await Assert.CatchAsync<MfaApiException>(() => wrongAccount.SendSmsCodeAsync(To));
        var code = (string)(await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;
        var (_, info, _) = await GetAsync(http, "sandbox/api/info");

        Assert.That(refused!.Status, Is.EqualTo(401));
        Assert.That(otherAccount!.Status, Is.EqualTo(401));
        Assert.That((string?)info!["accepting"], Is.EqualTo("Basic user 'team-ci', account(s) " + AccountId));
        Assert.That(info.ToString(), Does.Not.Contain(Password));
        Assert.That(server.Output + server.Error, Does.Contain("Basic user 'team-ci'").And.Not.Contain(Password).And.Not.Contain(code).And.Not.Contain(To));
    }
}
