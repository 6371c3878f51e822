using System;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// Which operation a request is for, from its path alone: <c>.../accounts/{accountId}/code/{messaging|voice|verify}</c>
    /// or <c>.../oauth2/token</c>, under any host and base path.
    /// </summary>
    internal readonly struct SandboxRoute
    {
        // \z, not $: .NET's $ also matches before a final newline.
        private static readonly Regex CodePath = new Regex("/accounts/(?<account>[^/]+)/code/(?<operation>messaging|voice|verify)/?\\z", RegexOptions.CultureInvariant);
        private static readonly Regex TokenPath = new Regex("/oauth2/token/?\\z", RegexOptions.CultureInvariant);

        private SandboxRoute(MfaSandboxOperation operation, string? accountId, bool wrongMethod)
        {
            Operation = operation;
            AccountId = accountId;
            WrongMethod = wrongMethod;
        }

        internal MfaSandboxOperation Operation { get; }

        internal string? AccountId { get; }

        /// <summary>The path is known but the method is not POST (the operation is then <see cref="MfaSandboxOperation.Unknown"/>).</summary>
        internal bool WrongMethod { get; }

        internal static SandboxRoute Of(HttpRequestMessage request)
        {
            var path = request.RequestUri == null
                ? string.Empty
                : (request.RequestUri.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0]);
            var post = request.Method == HttpMethod.Post;

            var code = CodePath.Match(path);
            if (code.Success)
            {
                var account = Uri.UnescapeDataString(code.Groups["account"].Value);
                if (!post)
                {
                    return new SandboxRoute(MfaSandboxOperation.Unknown, account, true);
                }

                switch (code.Groups["operation"].Value)
                {
                    case "messaging":
                        return new SandboxRoute(MfaSandboxOperation.GenerateMessagingCode, account, false);
                    case "voice":
                        return new SandboxRoute(MfaSandboxOperation.GenerateVoiceCode, account, false);
                    default:
                        return new SandboxRoute(MfaSandboxOperation.VerifyCode, account, false);
                }
            }

            if (TokenPath.IsMatch(path))
            {
                return new SandboxRoute(post ? MfaSandboxOperation.Token : MfaSandboxOperation.Unknown, null, !post);
            }

            return new SandboxRoute(MfaSandboxOperation.Unknown, null, false);
        }
    }
}
