using System.Text.Json.Serialization;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

// What a hand-writer would declare for the wire: plain classes in wire order, nothing generated, no validation.

public sealed class SendCodeBody
{
    public string To { get; set; } = "";
    public string From { get; set; } = "";
    public string ApplicationId { get; set; } = "";
    public string? Scope { get; set; }
    public string Message { get; set; } = "";
    public int Digits { get; set; }
}

public sealed class VerifyBody
{
    public string To { get; set; } = "";
    public string? Scope { get; set; }
    public double ExpirationTimeInMinutes { get; set; }
    public string Code { get; set; } = "";
}

public sealed class MessageSent
{
    public string? MessageId { get; set; }
}

public sealed class CallPlaced
{
    public string? CallId { get; set; }
}

public sealed class Verification
{
    public bool Valid { get; set; }
}

/// <summary>System.Text.Json source generation for the baseline DTOs: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendCodeBody))]
[JsonSerializable(typeof(VerifyBody))]
[JsonSerializable(typeof(MessageSent))]
[JsonSerializable(typeof(CallPlaced))]
[JsonSerializable(typeof(Verification))]
public sealed partial class BaselineJsonContext : JsonSerializerContext
{
}

/// <summary>The same requests as <see cref="Wire.MfaSamples"/>, as the baselines' own DTOs.</summary>
public static class BaselineSamples
{
    public static SendCodeBody CodeBody() => new()
    {
        To = Wire.MfaSamples.To,
        From = Wire.MfaSamples.From,
        ApplicationId = Wire.MfaSamples.ApplicationId,
        Scope = Wire.MfaSamples.Scope,
        Message = Wire.MfaSamples.Message,
        Digits = Wire.MfaSamples.Digits,
    };

    public static VerifyBody VerifyBody() => new()
    {
        To = Wire.MfaSamples.To,
        Scope = Wire.MfaSamples.Scope,
        ExpirationTimeInMinutes = Wire.MfaSamples.ExpirationTimeInMinutes,
        Code = Wire.MfaSamples.Code,
    };
}
