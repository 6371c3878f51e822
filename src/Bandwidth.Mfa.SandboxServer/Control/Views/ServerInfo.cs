namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary><c>GET /sandbox/api/info</c>: where the server is, what it accepts, and its limits.</summary>
    internal sealed record ServerInfo(string Version, string Outbox, string BaseUrl, string TokenUrl, string Accepting, int MaxFailedVerifications, double CoolDownSeconds, int HistoryLimit);
}
