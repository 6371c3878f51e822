using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// Where live settings come from: user secrets (section <c>Bandwidth:Mfa</c>, as in an app's configuration) and then
    /// environment variables named <c>BANDWIDTH_MFA__&lt;Setting&gt;</c> (<c>__</c> separates levels, so
    /// <c>BANDWIDTH_MFA__MESSAGING__FROM</c> is <c>Messaging:From</c>), which win. Both bind to <see cref="MfaOptions"/>.
    /// </summary>
    internal static class LiveSettings
    {
        internal const string EnvironmentPrefix = "BANDWIDTH_MFA__";

        /// <summary>The options when any setting is present; null when there is none (the demo then runs on the sandbox).</summary>
        internal static MfaOptions? Load()
        {
            var secrets = new ConfigurationBuilder()
                .AddUserSecrets(typeof(LiveSettings).Assembly, optional: true)
                .Build()
                .GetSection(MfaOptions.DefaultSectionName);
            var environment = new ConfigurationBuilder()
                .AddEnvironmentVariables(EnvironmentPrefix)
                .Build();

            if (!HasValues(secrets) && !HasValues(environment))
            {
                return null;
            }

            var options = new MfaOptions();
            secrets.Bind(options);
            environment.Bind(options);
            return options;
        }

        private static bool HasValues(IConfiguration configuration)
        {
            return configuration.AsEnumerable().Any(pair => !string.IsNullOrWhiteSpace(pair.Value));
        }
    }
}
