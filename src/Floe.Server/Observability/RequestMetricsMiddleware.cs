using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Observability;

/// <summary>
/// The one place request metrics are taken: times each registry, token and SQL request, counts it by
/// operation and status class, and counts the bytes of blob downloads.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, FloeMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        RequestOperation operation = RequestClassifier.Classify(context.Request.Method, context.Request.Path.Value);
        if (operation == RequestOperation.None)
        {
            await next(context);
            return;
        }

        long started = Stopwatch.GetTimestamp();
        bool failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            int status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.RecordRequest(operation, status, Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (operation == RequestOperation.BlobGet && !failed && status is >= 200 and < 300 && context.Response.ContentLength is { } sent)
            {
                metrics.RecordBlobBytesSent(sent);
            }
        }
    }
}
