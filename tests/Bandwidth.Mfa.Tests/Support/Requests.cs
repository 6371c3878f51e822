namespace Bandwidth.Mfa.Tests.Support;

/// <summary>Valid requests built from the spec's examples, and the exact JSON they must become.</summary>
public static class Requests
{
    public const string To = "+19195551234";
    public const string From = "+19195554321";
    public const string ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
    public const string Message = "Your temporary {NAME} {SCOPE} code is {CODE}";

    public static CodeRequest Code(string? scope = null) => new()
    {
        To = To,
        From = From,
        ApplicationId = ApplicationId,
        Scope = scope,
        Message = Message,
        Digits = 6,
    };

    public const string CodeJsonWithoutScope =
        "{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1\"," +
        "\"message\":\"Your temporary {NAME} {SCOPE} code is {CODE}\",\"digits\":6}";

    public const string CodeJsonWithScope =
        "{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1\"," +
        "\"scope\":\"2FA\",\"message\":\"Your temporary {NAME} {SCOPE} code is {CODE}\",\"digits\":6}";

    public static VerifyCodeRequest Verify(string code = "123456", double minutes = 3, string? scope = null) => new()
    {
        To = To,
        Scope = scope,
        ExpirationTimeInMinutes = minutes,
        Code = code,
    };

    public const string VerifyJsonWithoutScope =
        "{\"to\":\"+19195551234\",\"expirationTimeInMinutes\":3.0,\"code\":\"123456\"}";
}

public static class RequestExtensions
{
    /// <summary>Changes a request in place and returns it, for one-line test setups.</summary>
    public static T With<T>(this T request, System.Action<T> change)
    {
        change(request);
        return request;
    }
}
