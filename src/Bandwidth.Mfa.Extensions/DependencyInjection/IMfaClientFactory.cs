using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The clients registered with <c>AddBandwidthMfa(name, ...)</c>, by name, for code that picks the account at run
    /// time (a tenant or brand read from the request). Code that knows the name at compile time can inject
    /// <c>[FromKeyedServices("brand-a")] IMfaService</c> instead.
    /// </summary>
    public interface IMfaClientFactory
    {
        /// <summary>The short calls of the client registered as <paramref name="name"/>.</summary>
        /// <param name="name">The name given to <c>AddBandwidthMfa</c>.</param>
        /// <returns>The service (not disposable: nothing to release).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
        IMfaService GetService(string name);

        /// <summary>The full client registered as <paramref name="name"/>.</summary>
        /// <param name="name">The name given to <c>AddBandwidthMfa</c>.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
        IMfaClient GetClient(string name);
    }
}
