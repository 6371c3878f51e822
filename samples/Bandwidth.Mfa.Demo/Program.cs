using System;
using System.Threading;
using System.Threading.Tasks;
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
                Console.Out.Write(DemoHelp.Text);
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
                    return await SandboxRuns.OnSandboxServerAsync(arguments, arguments.SandboxUrl, Console.Out, cancel.Token);
                }

                var live = arguments.ForceSandbox ? null : LiveSettings.Load();
                if (live == null)
                {
                    return await SandboxRuns.OnEmbeddedSandboxAsync(arguments, Console.Out, cancel.Token);
                }

                if (arguments.To == null)
                {
                    Console.Error.WriteLine("error: live settings were found, so '--to' is required: the number that receives the code (or pass --sandbox)");
                    return 2;
                }

                return await LiveRun.RunAsync(arguments, live, Console.In, Console.Out, cancel.Token);
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
    }
}
