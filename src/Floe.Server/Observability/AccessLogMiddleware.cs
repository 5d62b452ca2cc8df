using System.Diagnostics;
using Floe.Core.Naming;
using Floe.Server.Endpoints;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Observability;

/// <summary>
/// What the access log learns while a request runs: the authenticated user, which it cannot read from
/// the request itself, and the repository name the registry endpoints have already parsed (so the log
/// does not parse the path a second time). Endpoints fill it through <see cref="NoteUser"/> and
/// <see cref="NoteRepository"/>.
/// </summary>
internal sealed class AccessLogEntry
{
    public string? User { get; set; }

    public RegistryName? Repository { get; set; }

    /// <summary>Records the valid repository name a registry request addressed, when the access log is on.</summary>
    public static void NoteRepository(HttpContext context, RegistryName name)
    {
        if (context.Features.Get<AccessLogEntry>() is { } entry)
        {
            entry.Repository = name;
        }
    }

    /// <summary>Records the user a request was authenticated as, when the access log is on.</summary>
    public static void NoteUser(HttpContext context, string? user)
    {
        if (context.Features.Get<AccessLogEntry>() is { } entry)
        {
            entry.User = user;
        }
    }
}

/// <summary>
/// Logs every request once, when it is answered, as category <c>Floe.Access</c>: request id, account,
/// user, method, route kind, repository, status, bytes and duration — never a header, a query string
/// or a body, so no credential reaches the log. It also returns the request id in <c>X-Request-Id</c>,
/// the id the server log and its internal-error messages name.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, AccountResolver accounts, ObservabilityOptions options, ILoggerFactory loggers)
{
    public const string RequestIdHeader = "X-Request-Id";

    private readonly ILogger _logger = loggers.CreateLogger("Floe.Access");

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            HttpContext http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        if (!options.AccessLog)
        {
            await next(context);
            return;
        }

        AccessLogEntry entry = new();
        context.Features.Set(entry);
        long started = Stopwatch.GetTimestamp();
        bool failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            Write(context, entry, failed, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Write(HttpContext context, AccessLogEntry entry, bool failed, TimeSpan duration)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        int status = context.RequestAborted.IsCancellationRequested ? Errors.FaultMiddleware.ClientClosedRequest
            : failed && !response.HasStarted ? StatusCodes.Status500InternalServerError
            : response.StatusCode;
        long bytes = HttpMethods.IsHead(request.Method) ? 0 : response.ContentLength ?? 0;
        LogRequest(
            _logger,
            context.TraceIdentifier,
            accounts.AccountNameOf(request.Host) ?? "-",
            entry.User ?? "-",
            request.Method,
            RouteKind(request),
            entry.Repository?.ToString() ?? Repository(request.Path.Value) ?? "-",
            status,
            bytes,
            Math.Round(duration.TotalMilliseconds, 1));
    }

    private static string RouteKind(HttpRequest request)
    {
        RequestOperation operation = RequestClassifier.Classify(request.Method, request.Path.Value);
        if (operation != RequestOperation.None)
        {
            return FloeMetrics.Label(operation);
        }

        return request.Path.Value switch
        {
            "/healthz" or "/readyz" => "health",
            "/metrics" => "metrics",
            _ => "other",
        };
    }

    /// <summary>
    /// The repository a <c>/v2/</c> path names, for requests the registry endpoints answered before
    /// parsing it (an unknown host); only when it is a valid name (so the log never carries arbitrary input).
    /// </summary>
    private static string? Repository(string? path)
    {
        if (path is null || !path.StartsWith(RegistryRoute.Prefix, StringComparison.Ordinal)
            || !RegistryRoute.TryParse(path[RegistryRoute.Prefix.Length..], out RegistryRoute route)
            || route.Endpoint is RegistryEndpoint.Base or RegistryEndpoint.Catalog)
        {
            return null;
        }

        return RegistryName.TryParse(route.Name, out RegistryName? name, out _) ? name.ToString() : null;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "request {RequestId} account={Account} user={User} {Method} {Route} repository={Repository} status={Status} bytes={Bytes} duration_ms={DurationMs}")]
    private static partial void LogRequest(
        ILogger logger, string requestId, string account, string user, string method, string route, string repository, int status, long bytes, double durationMs);
}
