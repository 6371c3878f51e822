using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// A call needs a setting the client was not configured with, and the call did not pass it either: for example
    /// <c>SendVoiceCodeAsync</c> on a client whose <c>Voice:From</c> is not set (an SMS-only application, or one that opted
    /// out of the start-up check with <c>RequireChannelDefaults</c> false). It is the application's configuration, never
    /// the caller's input (<see cref="MfaRequestValidationException"/> is for a bad phone number or code), so it must not
    /// be answered to a user as a validation error. Nothing was sent
    /// (<see cref="MfaException.RequestMayHaveReachedServer"/> is false). Configuration errors found at start-up stop the
    /// host with an <c>OptionsValidationException</c> instead.
    /// </summary>
    public sealed class MfaConfigurationException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="setting">The missing setting, as configuration names it (for example <c>Voice:From</c>).</param>
        /// <param name="clientName">The registered name of the client; null for the unnamed client.</param>
        /// <param name="remedy">What to do, in words; null for the usual advice.</param>
        public MfaConfigurationException(string? operation, string setting, string? clientName = null, string? remedy = null)
            : base(Compose(operation, setting, clientName, remedy), operation, null, false, null)
        {
            Setting = setting ?? throw new ArgumentNullException(nameof(setting));
            ClientName = clientName;
        }

        /// <summary>The missing setting, as configuration names it (for example <c>Voice:From</c>).</summary>
        public string Setting { get; }

        /// <summary>The registered name of the client (<c>AddBandwidthMfa(name, ...)</c>); null for the unnamed client.</summary>
        public string? ClientName { get; }

        private static string Compose(string? operation, string setting, string? clientName, string? remedy) =>
            Describe(operation) + " cannot be sent: MFA option '" + setting + "' is not configured"
            + (clientName == null ? string.Empty : " for MFA client '" + clientName + "'")
            + " and the call did not pass it. " + (remedy ?? "Set it in the client's options, or pass it with the call.") + " Nothing was sent.";
    }
}
