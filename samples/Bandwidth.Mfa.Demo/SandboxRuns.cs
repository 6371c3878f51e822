using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>The demo on a sandbox: the embedded one (nothing leaves the process) or a running sandbox server.</summary>
    internal static class SandboxRuns
    {
        internal static async Task<int> OnEmbeddedSandboxAsync(DemoArguments arguments, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To ?? MfaSandbox.ExampleTo;
            var sandbox = new MfaSandbox(new MfaSandboxOptions { ApplicationName = "Bandwidth MFA Demo" });
            var options = sandbox.CreateClientOptions();

            output.WriteLine("Bandwidth MFA demo on the embedded sandbox: no settings were found, so nothing leaves this process");
            output.WriteLine("and nobody is texted or called.");
            output.WriteLine();

            // The same client as in production; only its last HTTP handler is the sandbox.
            using var mfa = MfaService.Create(options, primaryHandler: sandbox.CreateHandler());
            await DemoSteps.SendAsync(mfa, arguments, to, output, cancellationToken);
            var message = sandbox.LastMessageTo(to)!;
            return await DemoSteps.ShowAndVerifyAsync(mfa, arguments, to, message.Code, message.Text, output, cancellationToken);
        }

        internal static async Task<int> OnSandboxServerAsync(DemoArguments arguments, Uri root, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To ?? MfaSandbox.ExampleTo;
            using var server = new SandboxServerConnection(root);
            await server.CheckAsync(cancellationToken);

            output.WriteLine("Bandwidth MFA demo on the sandbox server at " + root + ": nothing goes to Bandwidth and nobody is");
            output.WriteLine("texted or called; the code also shows in the server's outbox page (" + root + ").");
            output.WriteLine();

            // The same client as in production, pointed at the server like any other process that shares it.
            using var mfa = MfaService.Create(server.CreateClientOptions());
            var sentId = await DemoSteps.SendAsync(mfa, arguments, to, output, cancellationToken);
            var message = await server.LastCodeAsync(to, arguments.Scope ?? MfaSandbox.DefaultScope, cancellationToken);
            if (message.Id != sentId)
            {
                // Another process shares the server and sent to the same number in between.
                throw new SandboxServerException("the last code the sandbox server holds for " + MfaRedaction.PhoneNumber(to)
                    + " is not the one just sent (another process sent one since); run the demo again");
            }

            return await DemoSteps.ShowAndVerifyAsync(mfa, arguments, to, message.Code, message.Text, output, cancellationToken);
        }
    }
}
