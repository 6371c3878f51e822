// Hand-written halves of generated DTOs (not generated): prose rules and redacted ToString().
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;
using Bandwidth.Mfa.Validation;

namespace Bandwidth.Mfa
{
    /// <summary>A request to send a code. The spec requires the <c>{CODE}</c> placeholder in <see cref="Message"/>.</summary>
    public partial class CodeRequest : IMfaProseRules
    {
        /// <summary>The placeholder that the service replaces with the code.</summary>
        public const string CodePlaceholder = "{CODE}";

        void IMfaProseRules.CheckProseRules()
        {
            if (Message != null && Message.IndexOf(CodePlaceholder, System.StringComparison.Ordinal) < 0)
            {
                throw new MfaRequestValidationException("message", "must contain the " + CodePlaceholder + " placeholder");
            }
        }

        /// <summary>Describes the request with phone numbers masked.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "CodeRequest { to = " + MfaRedaction.PhoneNumber(To) + ", from = " + MfaRedaction.PhoneNumber(From)
                + ", applicationId = " + ApplicationId + ", scope = " + (Scope ?? "(default)") + ", digits = " + Digits + " }";
        }
    }

    // The spec (like the vendor's document) marks 'valid' optional, but an answer without it, or with null, is not an
    // outcome: the response reader fails it closed with MfaInvalidResponseException, never as a valid code.
    public partial class VerifyCodeResponse : IMfaSuccessRules
    {
        string? IMfaSuccessRules.ProblemOfSuccess()
        {
            return Valid.HasValue ? null : "the body has no 'valid' (true or false), so the code was not verified";
        }
    }

    /// <summary>A request to verify a code. <see cref="ToString"/> never shows the code.</summary>
    public partial class VerifyCodeRequest : IMfaSecretBody
    {
        string? IMfaSecretBody.Secret => Code;

        /// <summary>Describes the request with the phone number masked and the code hidden.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "VerifyCodeRequest { to = " + MfaRedaction.PhoneNumber(To) + ", scope = " + (Scope ?? "(default)")
                + ", expirationTimeInMinutes = " + ExpirationTimeInMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + ", code = " + MfaRedaction.Hidden + " }";
        }
    }
}
