// Hand-written half of the generated IMfaClient (not generated): its documentation.
namespace Bandwidth.Mfa
{
    /// <summary>
    /// The operations of the Bandwidth MFA API, generated from <c>openapi/mfa.yml</c>: each has a plain form that returns
    /// the parsed body and a <c>*WithHttpInfoAsync</c> form that also returns the status code and headers. Mock this
    /// interface to test code that uses the client; <see cref="MfaClient"/> implements it.
    /// </summary>
    public partial interface IMfaClient
    {
    }
}
