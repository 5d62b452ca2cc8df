namespace Floe.Server.Observability;

/// <summary>What the server tells its operators: metrics and the log's format.</summary>
public sealed record ObservabilityOptions
{
    /// <summary>
    /// Whether <c>GET /metrics</c> serves the server's Prometheus metrics on the main listener, without
    /// authentication: on by default, as they hold aggregate counts only, never a repository, user or account name.
    /// </summary>
    public bool Metrics { get; init; } = true;

    /// <summary>
    /// How the server writes its log: <c>text</c>, the console's lines for people, or <c>json</c>, one
    /// JSON object a line (timestamp, level, category, message, state) for log collectors.
    /// </summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// Whether every request is logged once, as category <c>Floe.Access</c> (request id, account, user,
    /// method, route kind, repository, status, bytes, duration; never a credential).
    /// </summary>
    public bool AccessLog { get; init; } = true;
}
