using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>The demo live: a real, billed code to a real phone, and the code the user types is verified.</summary>
    internal static class LiveRun
    {
        internal static async Task<int> RunAsync(DemoArguments arguments, MfaOptions options, TextReader input, TextWriter output, CancellationToken cancellationToken)
        {
            var to = arguments.To!;
            using var mfa = MfaService.Create(options);
            output.WriteLine("Bandwidth MFA demo, live: " + options.BaseUrl + " with " + AuthenticationOf(options) + " authentication.");
            output.WriteLine("This sends a real, billed " + (arguments.Channel == Channel.Sms ? "text message" : "voice call") + ".");
            output.WriteLine();

            await DemoSteps.SendAsync(mfa, arguments, to, output, cancellationToken);

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

        /// <summary>Which authentication the settings select, in words (the options were validated: exactly one is set).</summary>
        private static string AuthenticationOf(MfaOptions options) =>
            !string.IsNullOrWhiteSpace(options.Username) ? "Basic"
            : !string.IsNullOrWhiteSpace(options.AccessToken) ? "BearerToken"
            : "ClientCredentials";
    }
}
