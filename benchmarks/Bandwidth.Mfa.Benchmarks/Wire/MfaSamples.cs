using System;
using System.Net.Http.Headers;
using System.Text;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>The three operations that every benchmark runs.</summary>
public enum MfaOperation
{
    Messaging,
    Voice,
    Verify,
}

/// <summary>
/// The requests and canned answers every benchmark uses, taken from the spec's examples, so that the client and the
/// baselines send the same bytes and parse the same answers.
/// </summary>
public static class MfaSamples
{
    public const string AccountId = "9900000";
    public const string To = "+19195551234";
    public const string From = "+19195554321";
    public const string ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
    public const string Message = "Your temporary {NAME} {SCOPE} code is {CODE}";
    public const string Scope = "2FA";
    public const string Code = "123456";
    public const double ExpirationTimeInMinutes = 3;
    public const int Digits = 6;

    public const string Username = "bench-user";
    public const string Password = "bench-password";

    /// <summary>The fixed bearer token of the per-call benchmarks: the client and both baselines send it.</summary>
    public const string AccessToken = "bench-fixed-token";

    /// <summary>The Basic header a hand-writer builds: base64 of UTF-8 "user:password" (RFC 7617).</summary>
    public static AuthenticationHeaderValue BasicHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));

    /// <summary>The options of a client with Basic credentials.</summary>
    public static MfaOptions BasicOptions(Uri baseAddress) => new()
    {
        BaseUrl = baseAddress,
        AccountId = AccountId,
        Username = Username,
        Password = Password,
        // The benchmarks verify, or send whole requests through IMfaClient: no short-call defaults.
        RequireChannelDefaults = false,
    };

    /// <summary>Where the in-memory benchmarks pretend to send (https, so the auth handlers accept it).</summary>
    public static readonly Uri InMemoryBaseAddress = new("https://mfa.bandwidth.com/api/v1/");

    public static readonly byte[] MessagingAnswer = Encoding.UTF8.GetBytes("{\"messageId\":\"1589228074636lm4k2je7j7jklbn2\"}");
    public static readonly byte[] VoiceAnswer = Encoding.UTF8.GetBytes("{\"callId\":\"c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85\"}");
    public static readonly byte[] VerifyAnswer = Encoding.UTF8.GetBytes("{\"valid\":true}");

    /// <summary>The path of an operation, relative to the base address.</summary>
    public static string RelativePath(MfaOperation operation) => operation switch
    {
        MfaOperation.Messaging => "accounts/" + AccountId + "/code/messaging",
        MfaOperation.Voice => "accounts/" + AccountId + "/code/voice",
        _ => "accounts/" + AccountId + "/code/verify",
    };

    /// <summary>The canned 200 body for a request path, or null when the path is not one of the spec's.</summary>
    public static byte[]? AnswerFor(string path)
    {
        if (path.EndsWith("/code/verify", StringComparison.Ordinal))
        {
            return VerifyAnswer;
        }

        if (path.EndsWith("/code/messaging", StringComparison.Ordinal))
        {
            return MessagingAnswer;
        }

        if (path.EndsWith("/code/voice", StringComparison.Ordinal))
        {
            return VoiceAnswer;
        }

        return null;
    }

    /// <summary>The generated client's request for a send (the spec's example, with a scope).</summary>
    public static CodeRequest ClientCodeRequest() => new()
    {
        To = To,
        From = From,
        ApplicationId = ApplicationId,
        Scope = Scope,
        Message = Message,
        Digits = Digits,
    };

    /// <summary>The generated client's request for a verification.</summary>
    public static VerifyCodeRequest ClientVerifyRequest() => new()
    {
        To = To,
        Scope = Scope,
        ExpirationTimeInMinutes = ExpirationTimeInMinutes,
        Code = Code,
    };
}
