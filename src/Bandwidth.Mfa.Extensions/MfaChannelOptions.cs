using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa
{
    /// <summary>Defaults for one channel (text message or voice call).</summary>
    public sealed class MfaChannelOptions
    {
        /// <summary>The template used when none is given.</summary>
        public const string DefaultMessage = "Your {NAME} verification code is {CODE}";

        /// <summary>The E.164 number the code is sent from.</summary>
        public string? From { get; set; }

        /// <summary>The Bandwidth application id (messaging application for texts, voice application for calls).</summary>
        public string? ApplicationId { get; set; }

        /// <summary>The message template; must contain <c>{CODE}</c>. Default <see cref="DefaultMessage"/>.</summary>
        public string Message { get; set; } = DefaultMessage;

        /// <summary>How many digits the code has (4 to 8). Default 6.</summary>
        public int Digits { get; set; } = 6;

        /// <summary>Describes the channel settings with the number masked.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "{ From = " + MfaRedaction.PhoneNumber(From) + ", ApplicationId = " + (ApplicationId ?? "(none)")
                + ", Digits = " + Digits + " }";
        }
    }
}
