using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The <c>mfa-sandbox</c> command: parse, start, print where everything is, serve until stopped.</summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            ServerSettings settings;
            try
            {
                settings = ServerSettings.Parse(args);
            }
            catch (SettingsException exception)
            {
                await Console.Error.WriteLineAsync("mfa-sandbox: " + exception.Message).ConfigureAwait(false);
                return 2;
            }

            if (settings.Help)
            {
                await Console.Out.WriteAsync(ServerHelp.Text).ConfigureAwait(false);
                return 0;
            }

            SandboxHost host;
            try
            {
                host = await SandboxHost.StartAsync(settings, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException || exception is System.Net.Sockets.SocketException)
            {
                // IOException: the address is in use; SocketException: any other refusal to bind (an address this
                // machine does not have, say).
                await Console.Error.WriteLineAsync("mfa-sandbox: cannot listen on " + settings.Host + " port " + settings.Port + " (" + exception.Message
                    + "). Choose another with --port, or --port 0 for a free one.").ConfigureAwait(false);
                return 1;
            }

            await using (host.ConfigureAwait(false))
            {
                Console.Out.WriteLine("Bandwidth MFA sandbox server");
                Console.Out.WriteLine("  Runtime:   " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
                Console.Out.WriteLine("  Outbox:    " + host.Root);
                Console.Out.WriteLine("  BaseUrl:   " + host.BaseUrl);
                Console.Out.WriteLine("  TokenUrl:  " + host.TokenUrl);
                Console.Out.WriteLine("  Accepting: " + settings.DescribeCredentials());
                if (!settings.IsLoopbackOnly)
                {
                    Console.Out.WriteLine("  Warning:   listening on " + settings.Host + ", not loopback: anyone who can reach it can read every code.");
                }

                // Tests and scripts wait for this line; it comes last, when everything above is true.
                Console.Out.WriteLine("Listening on " + host.Root.GetLeftPart(UriPartial.Authority) + " (Ctrl+C stops)");
                Console.Out.Flush();

                if (settings.ExitWhenStdinCloses)
                {
                    _ = WatchStandardInputAsync(host);
                }

                await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return 0;
        }

        /// <summary>Stops the server when standard input reaches its end: the parent that holds the other end exited or closed it.</summary>
        private static async Task WatchStandardInputAsync(SandboxHost host)
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (await input.ReadAsync(buffer, host.Lifetime.ApplicationStopping).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                // A broken pipe is an end too.
            }

            Console.Out.WriteLine("Standard input closed: stopping.");
            host.Lifetime.StopApplication();
        }
    }
}
