using System;
using System.Net;
using System.Text.RegularExpressions;
using Bandwidth.Mfa.Testing.Internal;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>Sends: a code made, its message rendered and put in the outbox.</summary>
    public sealed partial class MfaSandbox
    {
        private static readonly Regex Placeholder = new Regex(@"\{(CODE|NAME|SCOPE)\}", RegexOptions.CultureInvariant);

        private SandboxAnswer Send(MfaSandboxChannel channel, string accountId, RequestBody json, DateTimeOffset now)
        {
            var to = json.PhoneNumber("to");
            var from = json.PhoneNumber("from");
            RequestBody.MaxLength("from", from, SpecLimits.FromMaxLength);
            var applicationId = json.RequiredString("applicationId");
            RequestBody.MaxLength("applicationId", applicationId, SpecLimits.ApplicationIdMaxLength);
            var scope = json.OptionalString("scope");
            RequestBody.MaxLength("scope", scope, SpecLimits.ScopeMaxLength);
            var template = json.RequiredString("message");
            RequestBody.MaxLength("message", template, SpecLimits.MessageMaxLength);
            if (template.IndexOf(CodeRequest.CodePlaceholder, StringComparison.Ordinal) < 0)
            {
                throw new BadRequestException("message must contain the " + CodeRequest.CodePlaceholder + " placeholder");
            }

            var digits = json.RequiredInteger("digits", SpecLimits.MinDigits, SpecLimits.MaxDigits);
            var effectiveScope = string.IsNullOrEmpty(scope) ? DefaultScope : scope!;
            var code = NewCode(digits);
            var name = _options.ApplicationNames.TryGetValue(applicationId, out var applicationName) ? applicationName : _options.ApplicationName;
            var text = Placeholder.Replace(template, match =>
            {
                switch (match.Groups[1].Value)
                {
                    case "CODE":
                        return code;
                    case "NAME":
                        return name;
                    default:
                        return effectiveScope;
                }
            });

            var id = channel == MfaSandboxChannel.Sms ? SandboxIds.MessageId(now) : SandboxIds.CallId();
            var message = new MfaSandboxMessage(id, channel, accountId, to, from, applicationId, effectiveScope, code, text, now);
            lock (_gate)
            {
                Sweep(now);
                _codes.Add(new CodeKey(accountId, to, effectiveScope), code, now);
                Append(_outbox, message);
            }

            return SandboxAnswer.Json(HttpStatusCode.OK, channel == MfaSandboxChannel.Sms
                ? new JObject { ["messageId"] = id }
                : new JObject { ["callId"] = id });
        }

        private string NewCode(int digits)
        {
            if (_options.CodeGenerator == null)
            {
                return SandboxIds.Code(digits);
            }

            var code = _options.CodeGenerator(digits);
            if (code == null || code.Length != digits || !IsDecimal(code))
            {
                throw new InvalidOperationException("MfaSandboxOptions.CodeGenerator must return exactly " + digits + " decimal digits.");
            }

            return code;
        }

        private static bool IsDecimal(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
