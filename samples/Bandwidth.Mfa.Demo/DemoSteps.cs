using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>The steps every run shares: sending the code, and on a sandbox showing and verifying it.</summary>
    internal static class DemoSteps
    {
        /// <summary>Sends the code; returns its messageId or callId.</summary>
        internal static async Task<string?> SendAsync(MfaService mfa, DemoArguments arguments, string to, TextWriter output, CancellationToken cancellationToken)
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

        /// <summary>The sandbox flows' common part: what the phone would show, the right code and a wrong one verified, how to go live.</summary>
        internal static async Task<int> ShowAndVerifyAsync(MfaService mfa, DemoArguments arguments, string to, string code, string text, TextWriter output, CancellationToken cancellationToken)
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
    }
}
