using Bandwidth.Mfa.Diagnostics;
using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The README's main command. Without settings: the whole flow on the embedded sandbox (send, show the message, verify
    /// the right code and a wrong one); with <c>--sandbox-url</c>, the same flow on a running sandbox server. With settings: a real code to a real phone, and the code you type is verified.
    /// It never prints a credential, and in live mode never repeats a code or a full phone number.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            DemoArguments arguments;
            try
            {
                arguments = DemoArguments.Parse(args);
            }
            catch (DemoArgumentException exception)
            {
                Console.Error.WriteLine("error: " + exception.Message + " (see --help)");
                return 2;
            }

            if (arguments.Help)
            {
                Console.Out.Write(DemoArguments.HelpText);
                return 0;
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };

            // Spans and measurements go to the console after the run (--telemetry); nothing is listening otherwise.
            using var telemetry = arguments.Telemetry ? new DemoTelemetry() : null;
            try
            {
                // A sandbox server wins over live settings: nothing goes to Bandwidth when one is named.
                if (arguments.SandboxUrl != null)
                {
                    return await RunOnSandboxServerAsync(arguments, arguments.SandboxUrl, Console.Out, cancel.Token);
                }

                var live = arguments.ForceSandbox ? null : LiveSettings.Load();
                if (live == null)
                {
                    return await RunOnSandboxAsync(arguments, Console.Out, cancel.Token);
                }

                if (arguments.To == null)
                {
                    Console.Error.WriteLine("error: live settings were found, so '--to' is required: the number that receives the code (or pass --sandbox)");
                    return 2;
                }

                return await RunLiveAsync(arguments, live, Console.In, Console.Out, cancel.Token);
            }
            catch (OptionsValidationException exception)
            {
                foreach (var failure in exception.Failures)
                {
                    Console.Error.WriteLine("error: " + failure);
                }

                return 1;
            }
            catch (MfaRequestValidationException exception)
            {
                Console.Error.WriteLine("error: " + exception.Message);
                return 1;
            }
            catch (SandboxServerException exception)
            {
                Console.Error.WriteLine("error: " + exception.Message);
                return 1;
            }
            catch (MfaException exception)
            {
                // Messages of the exception family never hold credentials, codes or full phone numbers.
                Console.Error.WriteLine("error: " + exception.Message);
                return 1;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Stopped.");
                return 130;
            }
        }

        private static async Task<int> RunOnSandboxAsync(DemoArguments arguments, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To ?? MfaSandbox.ExampleTo;
            var sandbox = new MfaSandbox(new MfaSandboxOptions { ApplicationName = "Bandwidth MFA Demo" });
            var options = sandbox.CreateClientOptions();

            output.WriteLine("Bandwidth MFA demo on the embedded sandbox: no settings were found, so nothing leaves this process");
            output.WriteLine("and nobody is texted or called.");
            output.WriteLine();

            // The same client as in production; only its last HTTP handler is the sandbox.
            using var mfa = MfaService.Create(options, primaryHandler: sandbox.CreateHandler());
            await SendAsync(mfa, arguments, to, output, cancellationToken);
            var message = sandbox.LastMessageTo(to)!;
            return await ShowAndVerifyAsync(mfa, arguments, to, message.Code, message.Text, output, cancellationToken);
        }

        private static async Task<int> RunOnSandboxServerAsync(DemoArguments arguments, Uri root, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To ?? MfaSandbox.ExampleTo;
            using var server = new SandboxServerConnection(root);
            await server.CheckAsync(cancellationToken);

            output.WriteLine("Bandwidth MFA demo on the sandbox server at " + root + ": nothing goes to Bandwidth and nobody is");
            output.WriteLine("texted or called; the code also shows in the server's outbox page (" + root + ").");
            output.WriteLine();

            // The same client as in production, pointed at the server like any other process that shares it.
            using var mfa = MfaService.Create(server.CreateClientOptions());
            var sentId = await SendAsync(mfa, arguments, to, output, cancellationToken);
            var message = await server.LastCodeAsync(to, arguments.Scope ?? MfaSandbox.DefaultScope, cancellationToken);
            if (message.Id != sentId)
            {
                // Another process shares the server and sent to the same number in between.
                throw new SandboxServerException("the last code the sandbox server holds for " + MfaRedaction.PhoneNumber(to)
                    + " is not the one just sent (another process sent one since); run the demo again");
            }

            return await ShowAndVerifyAsync(mfa, arguments, to, message.Code, message.Text, output, cancellationToken);
        }

        /// <summary>The sandbox flows' common part: what the phone would show, the right code and a wrong one verified, how to go live.</summary>
        private static async Task<int> ShowAndVerifyAsync(MfaService mfa, DemoArguments arguments, string to, string code, string text, TextWriter output, CancellationToken cancellationToken)
        {
            output.WriteLine(arguments.Channel == Channel.Sms ? "> The phone would show:" : "> The call would say:");
            output.WriteLine("  " + text);

            output.WriteLine("> Verifying the code the user received (" + code + ")");
            var right = await mfa.VerifyCodeAsync(to, code, arguments.Scope, cancellationToken: cancellationToken);
            output.WriteLine("  result: " + (right ? "valid" : "invalid"));

            var wrongCode = new string(code.Select(c => (char)('0' + ((c - '0' + 5) % 10))).ToArray());
            output.WriteLine("> Verifying a wrong code (" + wrongCode + ")");
            var wrong = await mfa.VerifyCodeAsync(to, wrongCode, arguments.Scope, cancellationToken: cancellationToken);
            output.WriteLine("  result: " + (wrong ? "valid" : "invalid"));

            output.WriteLine();
            output.WriteLine("To go live, give the demo your Bandwidth settings and a number to text, for example:");
            output.WriteLine("  export BANDWIDTH_MFA__ACCOUNTID=<account id>");
            output.WriteLine("  export BANDWIDTH_MFA__USERNAME=<API user>  BANDWIDTH_MFA__PASSWORD=<API password>");
            output.WriteLine("  export BANDWIDTH_MFA__MESSAGING__FROM=<your Bandwidth number>  BANDWIDTH_MFA__MESSAGING__APPLICATIONID=<messaging application id>");
            output.WriteLine("  dotnet run --project samples/Bandwidth.Mfa.Demo -- --to <your phone>");
            output.WriteLine("(or the same settings as user secrets under Bandwidth:Mfa; see README.md, \"Going live\").");

            return right && !wrong ? 0 : 1;
        }

        private static async Task<int> RunLiveAsync(DemoArguments arguments, MfaOptions options, TextReader input, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To!;
            using var mfa = MfaService.Create(options);
            output.WriteLine("Bandwidth MFA demo, live: " + options.BaseUrl + " with " + AuthenticationOf(options) + " authentication.");
            output.WriteLine("This sends a real, billed " + (arguments.Channel == Channel.Sms ? "text message" : "voice call") + ".");
            output.WriteLine();

            await SendAsync(mfa, arguments, to, output, cancellationToken);

            output.Write("> Type the code you received and press Enter: ");
            output.Flush();
            var code = input.ReadLine()?.Trim();
            if (Console.IsInputRedirected || code == null)
            {
                // A terminal echoes the Enter key; piped input does not, so end the prompt line here.
                output.WriteLine();
            }

            if (string.IsNullOrEmpty(code))
            {
                Console.Error.WriteLine("error: no code was typed; nothing was verified");
                return 1;
            }

            var valid = await mfa.VerifyCodeAsync(to, code!, arguments.Scope, cancellationToken: cancellationToken);
            output.WriteLine("  result: " + (valid ? "valid" : "invalid"));
            return valid ? 0 : 1;
        }

        /// <summary>Sends the code; returns its messageId or callId.</summary>
        private static async Task<string?> SendAsync(MfaService mfa, DemoArguments arguments, string to, TextWriter output, CancellationToken cancellationToken)
        {
            var scope = arguments.Scope ?? MfaSandbox.DefaultScope;
            if (arguments.Channel == Channel.Sms)
            {
                output.WriteLine("> Sending an SMS code to " + MfaRedaction.PhoneNumber(to) + " (scope " + scope + ")");
                var sent = await mfa.SendSmsCodeAsync(to, arguments.Scope, cancellationToken: cancellationToken);
                output.WriteLine("  accepted, messageId " + sent.MessageId);
                return sent.MessageId;
            }
            else
            {
                output.WriteLine("> Calling " + MfaRedaction.PhoneNumber(to) + " to read out a code (scope " + scope + ")");
                var sent = await mfa.SendVoiceCodeAsync(to, arguments.Scope, cancellationToken: cancellationToken);
                output.WriteLine("  accepted, callId " + sent.CallId);
                return sent.CallId;
            }
        }

        /// <summary>Which authentication the settings select, in words (the options were validated: exactly one is set).</summary>
        private static string AuthenticationOf(MfaOptions options) =>
            !string.IsNullOrWhiteSpace(options.Username) ? "Basic"
            : !string.IsNullOrWhiteSpace(options.AccessToken) ? "BearerToken"
            : "ClientCredentials";
    }
}
