using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Floe.Server.Errors;

/// <summary>
/// Catches what escapes a request and answers it in the request's protocol (<see cref="FaultAnswer"/>),
/// so that no fault reaches Kestrel as a bare <c>500</c> and an "unhandled exception". A client that went
/// away is logged at debug level, without a trace, and counted as <c>499</c> (nginx's "client closed
/// request"); a full or unreachable store is logged once, without a trace; anything else once, with it.
/// </summary>
internal sealed partial class FaultMiddleware(RequestDelegate next, ServerFaults faults, ILogger<FaultMiddleware> logger)
{
    /// <summary>The status a request gets in the metrics when its client hung up before the answer.</summary>
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            ServerFault fault = faults.Classify(exception, context.RequestAborted);
            Log(context, fault, exception);
            await AnswerAsync(context, fault, exception);
        }
    }

    private static async Task AnswerAsync(HttpContext context, ServerFault fault, Exception exception)
    {
        if (context.Response.HasStarted)
        {
            // Part of an answer is on the wire: a well-formed error can no longer follow, so cut the connection.
            context.Abort();
            return;
        }

        if (fault == ServerFault.ClientGone)
        {
            if (exception is BadHttpRequestException bad)
            {
                // Kestrel refused the body itself and answers or closes as it sees fit.
                context.Response.StatusCode = bad.StatusCode;
                return;
            }

            // The connection is dead: say so, or Kestrel tries to drain a body whose read was cut off
            // mid-way and logs that as an error with a trace (dotnet/aspnetcore#21645).
            context.Response.StatusCode = ClientClosedRequest;
            context.Abort();
            return;
        }

        try
        {
            await FaultAnswer.WriteAsync(context, fault);
        }
        catch (Exception late) when (late is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client left while the error was written; there is no one to tell.
        }
    }

    private void Log(HttpContext context, ServerFault fault, Exception exception)
    {
        string method = context.Request.Method;
        string path = context.Request.Path.Value ?? string.Empty;
        switch (fault)
        {
            case ServerFault.ClientGone:
                ClientWentAway(logger, method, path, context.TraceIdentifier, exception.GetType().Name, exception.Message);
                return;
            case ServerFault.StorageFull:
                StorageFull(logger, method, path, context.TraceIdentifier, exception.Message);
                return;
            case ServerFault.StorageUnavailable:
                StorageUnavailable(logger, exception, method, path, context.TraceIdentifier);
                return;
            default:
                Unexpected(logger, exception, method, path, context.TraceIdentifier);
                return;
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug,
        Message = "The client went away or cut its body short during {Method} {Path} (request {RequestId}): {ExceptionType}: {Reason}")]
    private static partial void ClientWentAway(ILogger logger, string method, string path, string requestId, string exceptionType, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Storage is full: {Method} {Path} (request {RequestId}) answered 503: {Reason}")]
    private static partial void StorageFull(ILogger logger, string method, string path, string requestId, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error,
        Message = "Storage is unavailable: {Method} {Path} (request {RequestId}) answered 503")]
    private static partial void StorageUnavailable(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error,
        Message = "Unexpected error: {Method} {Path} (request {RequestId}) answered 500")]
    private static partial void Unexpected(ILogger logger, Exception exception, string method, string path, string requestId);
}
