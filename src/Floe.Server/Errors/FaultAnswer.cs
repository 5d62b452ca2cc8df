using System.Globalization;
using Floe.Core.Errors;
using Floe.Server.Authentication;
using Floe.Server.Endpoints;
using Floe.Server.Observability;
using Floe.Server.Sql;
using Floe.Sql.Errors;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Errors;

/// <summary>
/// The answer to a server fault, in the format of the protocol the request spoke: the OCI error
/// envelope on <c>/v2/</c>, a Snowflake SQL API error on <c>/api/v2/statements</c>, an OAuth error on
/// <c>/oauth/token</c> and <c>/login</c>, plain text elsewhere. Storage faults answer <c>503</c> with
/// <c>Retry-After</c>; anything else <c>500</c>, naming the request id that finds it in the log.
/// </summary>
internal static class FaultAnswer
{
    /// <summary>How long a client is asked to wait before it retries a write that met a storage fault.</summary>
    public const int RetryAfterSeconds = 30;

    public static async Task WriteAsync(HttpContext context, ServerFault fault)
    {
        HttpResponse response = context.Response;
        response.Clear();
        bool unavailable = fault is ServerFault.StorageFull or ServerFault.StorageUnavailable;
        if (unavailable)
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        int status = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        switch (RequestClassifier.Classify(context.Request.Method, context.Request.Path.Value))
        {
            case RequestOperation.Token:
                await TokenEndpoints.OAuthError(status, unavailable ? "temporarily_unavailable" : "server_error", Describe(context, fault))
                    .ExecuteAsync(context);
                return;
            case RequestOperation.Sql:
                await WriteSqlAsync(context, status, fault);
                return;
            case RequestOperation.None:
                response.StatusCode = status;
                await response.WriteAsync(Describe(context, fault) + "\n", context.RequestAborted);
                return;
            default:
                response.Headers[RegistryHeaders.ApiVersion] = RegistryHeaders.ApiVersionValue;
                await RegistryErrorOf(context, fault).ToResult().ExecuteAsync(context);
                return;
        }
    }

    private static RegistryError RegistryErrorOf(HttpContext context, ServerFault fault) => fault switch
    {
        ServerFault.StorageFull => new RegistryError(RegistryErrors.StorageFull),
        ServerFault.StorageUnavailable => new RegistryError(RegistryErrors.StorageUnavailable),
        _ => new RegistryError(RegistryErrors.Unknown, Describe(context, fault)),
    };

    private static async Task WriteSqlAsync(HttpContext context, int status, ServerFault fault)
    {
        SqlError error = fault switch
        {
            ServerFault.StorageFull => SqlErrors.StorageFull(),
            ServerFault.StorageUnavailable => SqlErrors.StorageUnavailable(),
            _ => SqlErrors.Unexpected(context.TraceIdentifier),
        };
        byte[] body = SqlApiJson.Error(error, Guid.NewGuid());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static string Describe(HttpContext context, ServerFault fault) => fault switch
    {
        ServerFault.StorageFull => "storage is full; try again once space has been freed",
        ServerFault.StorageUnavailable => "storage cannot be reached; try again later",
        _ => $"internal error (request {context.TraceIdentifier}); the server log has the details",
    };
}
