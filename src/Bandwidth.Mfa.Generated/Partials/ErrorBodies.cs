// Hand-written halves of the generated error schemas (not generated): what IMfaErrorBody needs of each.
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Errors;

namespace Bandwidth.Mfa
{
    // The error body of 400, 429 and 500.
    public partial class MfaRequestError : IMfaErrorBody
    {
        string? IMfaErrorBody.ErrorText => Error;

        string? IMfaErrorBody.RequestId => RequestId;

        void IMfaErrorBody.Scrub(MfaScrubber scrubber)
        {
            Error = scrubber.Scrub(Error);
            RequestId = scrubber.Scrub(RequestId);
            scrubber.ScrubProperties(AdditionalProperties);
        }
    }

    // The error body of 401.
    public partial class MfaUnauthorizedRequestError : IMfaErrorBody
    {
        string? IMfaErrorBody.ErrorText => Message;

        string? IMfaErrorBody.RequestId => null;

        void IMfaErrorBody.Scrub(MfaScrubber scrubber)
        {
            Message = scrubber.Scrub(Message);
            scrubber.ScrubProperties(AdditionalProperties);
        }
    }

    // The error body of 403.
    public partial class MfaForbiddenRequestError : IMfaErrorBody
    {
        string? IMfaErrorBody.ErrorText => Message;

        string? IMfaErrorBody.RequestId => null;

        void IMfaErrorBody.Scrub(MfaScrubber scrubber)
        {
            Message = scrubber.Scrub(Message);
            scrubber.ScrubProperties(AdditionalProperties);
        }
    }
}
