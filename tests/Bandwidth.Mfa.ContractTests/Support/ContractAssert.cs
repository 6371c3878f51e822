using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Support;

public static class ContractAssert
{
    /// <summary>Exactly one request went out for the call, with the expected credentials, and Prism found nothing wrong with it.</summary>
    public static PrismExchange OneValidExchange(ContractClient client, string pathSuffix)
    {
        Assert.That(client.Log.Exchanges, Has.Count.EqualTo(1), "one call, one request: the client never retries on its own");
        var exchange = client.Log.Exchanges.Single();
        Assert.That(exchange.Uri.AbsolutePath, Does.EndWith(pathSuffix));
        Assert.That(exchange.AuthorizationScheme, Is.EqualTo(client.ExpectedScheme));
        Assert.That(exchange.Violations, Is.Empty,
            "Prism found the request invalid by openapi/mfa.yml: " + string.Join("; ", exchange.Violations));
        return exchange;
    }

    /// <summary>
    /// The parsed body, written back as JSON, has the properties and values of the spec's example that Prism answered
    /// with. Scalars are compared as text: the YAML reader hands every example scalar over as a string.
    /// </summary>
    public static void SameJson(object? parsed, JToken example)
    {
        var actual = parsed == null ? JValue.CreateNull() : JToken.FromObject(parsed);
        Assert.That(Same(actual, example), Is.True, $"parsed {actual.ToString(Formatting.None)}, documented {example.ToString(Formatting.None)}");
    }

    private static bool Same(JToken left, JToken right)
    {
        if (left is JObject leftObject && right is JObject rightObject)
        {
            return leftObject.Properties().Select(p => p.Name).OrderBy(n => n).SequenceEqual(rightObject.Properties().Select(p => p.Name).OrderBy(n => n))
                && leftObject.Properties().All(p => Same(p.Value, rightObject[p.Name]!));
        }

        if (left is JArray leftArray && right is JArray rightArray)
        {
            return leftArray.Count == rightArray.Count && leftArray.Zip(rightArray).All(pair => Same(pair.First, pair.Second));
        }

        return left is JValue && right is JValue && Text(left) == Text(right);
    }

    private static string? Text(JToken value) => value.Type switch
    {
        JTokenType.Null => null,
        JTokenType.Boolean => (bool)value ? "true" : "false",
        JTokenType.String => (string?)value,
        _ => Convert(value),
    };

    private static string Convert(JToken value) => System.Convert.ToString(((JValue)value).Value, CultureInfo.InvariantCulture) ?? string.Empty;
}
