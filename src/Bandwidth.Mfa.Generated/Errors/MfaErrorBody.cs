namespace Bandwidth.Mfa.Errors
{
    /// <summary>Reads the error text and request id out of the three documented error bodies.</summary>
    internal static class MfaErrorBody
    {
        internal static string? TextOf(object? body)
        {
            switch (body)
            {
                case MfaRequestError error:
                    return error.Error;
                case MfaUnauthorizedRequestError unauthorized:
                    return unauthorized.Message;
                case MfaForbiddenRequestError forbidden:
                    return forbidden.Message;
                default:
                    return null;
            }
        }

        internal static string? RequestIdOf(object? body)
        {
            return (body as MfaRequestError)?.RequestId;
        }
    }
}
