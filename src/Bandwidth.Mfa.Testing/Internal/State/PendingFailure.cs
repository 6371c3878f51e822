namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>A failure queued by <see cref="MfaSandbox.FailNext"/>: how many more requests it fails, and which.</summary>
    internal sealed class PendingFailure
    {
        private readonly MfaSandboxOperation? _operation;

        internal PendingFailure(MfaSandboxFailure failure, int times, MfaSandboxOperation? operation)
        {
            Failure = failure;
            Remaining = times;
            _operation = operation;
        }

        internal MfaSandboxFailure Failure { get; }

        internal int Remaining { get; set; }

        internal bool AppliesTo(MfaSandboxOperation operation)
        {
            return _operation.HasValue
                ? _operation.Value == operation
                : operation == MfaSandboxOperation.GenerateMessagingCode || operation == MfaSandboxOperation.GenerateVoiceCode || operation == MfaSandboxOperation.VerifyCode;
        }
    }
}
