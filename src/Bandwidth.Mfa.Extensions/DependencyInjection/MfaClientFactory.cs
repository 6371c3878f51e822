using System;
using Microsoft.Extensions.DependencyInjection;

namespace Bandwidth.Mfa.DependencyInjection
{
    /// <summary>Resolves the keyed registrations of <c>AddBandwidthMfa(name, ...)</c>; an unknown name is a clear error.</summary>
    internal sealed class MfaClientFactory : IMfaClientFactory
    {
        private readonly IServiceProvider _provider;

        public MfaClientFactory(IServiceProvider provider)
        {
            _provider = provider;
        }

        public IMfaService GetService(string name) => _provider.GetRequiredKeyedService<IMfaService>(Check(name));

        public IMfaClient GetClient(string name) => _provider.GetRequiredKeyedService<IMfaClient>(Check(name));

        private string Check(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (!MfaServiceCollectionExtensions.IsRegistered(_provider, name))
            {
                throw new InvalidOperationException("No MFA client is registered as '" + name + "': call services.AddBandwidthMfa(\"" + name + "\", ...) at start-up.");
            }

            return name;
        }
    }
}
