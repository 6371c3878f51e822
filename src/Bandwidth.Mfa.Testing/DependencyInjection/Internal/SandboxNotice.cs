using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// Writes one line when the host starts for each MFA client that runs on a sandbox: the HttpClient's own log lines
    /// show the production address (the sandbox replaces only the transport), which looks alarming in a development log.
    /// </summary>
    internal sealed class SandboxNotice : IHostedService
    {
        internal const string LoggerCategory = "Bandwidth.Mfa.Testing";

        private static readonly Action<ILogger, string, string, Exception?> Line = LoggerMessage.Define<string, string>(
            LogLevel.Information,
            new EventId(1120, "ClientOnSandbox"),
            "MFA client {Client} runs on the in-process MfaSandbox: nothing leaves the process and nobody is texted or called. The HttpClient's log lines still show {BaseUrl}, the address it would use live; the sandbox answers in its place.");

        private readonly IServiceProvider _provider;

        public SandboxNotice(IServiceProvider provider)
        {
            _provider = provider;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var logger = _provider.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory);
            if (logger == null || !logger.IsEnabled(LogLevel.Information))
            {
                return Task.CompletedTask;
            }

            foreach (var name in _provider.GetServices<SandboxWiring>().Select(w => w.ClientName).Distinct())
            {
                var options = _provider.GetRequiredService<IOptionsMonitor<MfaOptions>>().Get(name ?? Options.DefaultName);
                Line(logger, name == null ? "(unnamed)" : "'" + name + "'", options.BaseUrl.AbsoluteUri, null);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
