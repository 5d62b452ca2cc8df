using System.Text.Json;
using Floe.Core.Metadata;
using Floe.Server.Authentication;
using Floe.Server.Observability.History;
using Floe.Server.Tenancy;
using Floe.Sql.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Sql;

/// <summary>
/// <c>POST /api/v2/statements</c>: runs SQL as the session of the bearer token, on
/// the account of the request's host. <c>role</c>, <c>database</c> and <c>schema</c> in the body set the
/// context for this request as <c>USE</c> statements would.
/// </summary>
public static class SqlApiEndpoints
{
    /// <summary>The largest statement request accepted.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSqlApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v2/statements", new Func<HttpContext, Task<IResult>>(ExecuteAsync));
        return endpoints;
    }

    private static async Task<IResult> ExecuteAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        AccountRecord? account = await context.RequestServices.GetRequiredService<AccountResolver>()
            .ResolveAsync(context.Request.Host, cancellationToken);
        if (account is null)
        {
            return Json(StatusCodes.Status404NotFound, SqlApiJson.RequestError("390404", $"the host '{context.Request.Host.Host}' names no account"));
        }

        SessionService sessions = context.RequestServices.GetRequiredService<SessionService>();
        string? authorization = context.Request.Headers.Authorization;
        AuthenticatedSession? session;
        if (IsIdentityProviderToken(context.Request, authorization))
        {
            (session, LoginOutcome? failure) = await sessions.AuthenticateExternalAsync(account, authorization, cancellationToken);
            if (failure is not null)
            {
                return failure.Status == StatusCodes.Status401Unauthorized
                    ? Unauthorized(context)
                    : Json(failure.Status, SqlApiJson.RequestError("390303", failure.Description!));
            }
        }
        else
        {
            session = await sessions.AuthenticateBearerAsync(account, authorization, cancellationToken);
        }

        if (session is null)
        {
            return Unauthorized(context);
        }

        Observability.AccessLogEntry.NoteUser(context, session.State.UserName);
        StatementRequest? request = await ReadRequestAsync(context, cancellationToken);
        if (request?.Statement is null)
        {
            return Json(StatusCodes.Status400BadRequest, SqlApiJson.RequestError(
                "390142", "The request body must be a JSON object with a 'statement' string (at most 1 MiB)."));
        }

        ISqlEngine engine = context.RequestServices.GetRequiredService<ISqlEngine>();
        Guid handle = Guid.NewGuid();
        SqlSession state = session.State;
        string contextStatements = ContextStatements(request);
        if (contextStatements.Length > 0)
        {
            // Run apart from the statement, so that error positions in the statement stay its own.
            SqlBatchResult contextResult = await engine.ExecuteAsync(state, contextStatements, cancellationToken);
            if (contextResult.Error is not null)
            {
                return Json(StatusCodes.Status422UnprocessableEntity, SqlApiJson.Error(contextResult.Error, handle));
            }

            state = contextResult.Session;
        }

        SqlBatchResult result = await engine.ExecuteAsync(state, request.Statement, cancellationToken);
        context.RequestServices.GetRequiredService<HistoryRecorder>().RecordStatements(result.Executed);
        await sessions.SaveAsync(session, result.Session, cancellationToken);
        return result.Error is not null
            ? Json(StatusCodes.Status422UnprocessableEntity, SqlApiJson.Error(result.Error, handle, result.Results))
            : Json(StatusCodes.Status200OK, SqlApiJson.Success(result.Results, handle));
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Json(StatusCodes.Status401Unauthorized, SqlApiJson.RequestError("390303", "Invalid OAuth access token."));
    }

    /// <summary>
    /// <c>X-Snowflake-Authorization-Token-Type: OAUTH</c> with a bearer token that is not a Floe session token:
    /// an access token of the account's identity provider.
    /// </summary>
    private static bool IsIdentityProviderToken(HttpRequest request, string? authorization) =>
        string.Equals(request.Headers["X-Snowflake-Authorization-Token-Type"], "OAUTH", StringComparison.OrdinalIgnoreCase)
        && authorization is not null
        && !authorization.Contains(SessionService.TokenPrefix, StringComparison.Ordinal);

    /// <summary><c>USE</c> statements for the request's <c>role</c>, <c>database</c> and <c>schema</c> fields.</summary>
    private static string ContextStatements(StatementRequest request)
    {
        string prefix = string.Empty;
        if (request.Role is not null)
        {
            prefix += "USE ROLE " + QuoteIfNeeded(request.Role) + ";\n";
        }

        if (request.Database is not null)
        {
            prefix += "USE DATABASE " + QuoteIfNeeded(request.Database) + ";\n";
        }

        if (request.Schema is not null)
        {
            prefix += "USE SCHEMA " + QuoteIfNeeded(request.Schema) + ";\n";
        }

        return prefix;
    }

    /// <summary>A name from JSON as SQL: bare when it is an identifier already, else quoted.</summary>
    private static string QuoteIfNeeded(string name) =>
        Floe.Sql.Ast.Identifier.TryParse(name, out Floe.Sql.Ast.Identifier identifier)
            ? identifier.ToSql()
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<StatementRequest?> ReadRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        byte[]? body = await Endpoints.RequestBody.ReadCappedAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, SqlApiRequestJson.Default.StatementRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Json(int status, byte[] body) => new JsonBytesResult(status, body);

    /// <summary>A JSON body already serialized, with its status.</summary>
    private sealed class JsonBytesResult(int status, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
