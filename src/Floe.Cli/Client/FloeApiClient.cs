using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Floe.Cli.Client.Wire;

namespace Floe.Cli.Client;

/// <summary>
/// The HTTP side of the client commands: session login (<c>POST /oauth/token</c>) and the
/// SQL API (<c>POST /api/v2/statements</c>). Every expected failure comes back as an
/// <see cref="ApiError"/>; only cancellation throws. Give it a handler to talk to an in-process server.
/// </summary>
internal sealed class FloeApiClient : IDisposable
{
    public const string TokenPath = "oauth/token";
    public const string StatementsPath = "api/v2/statements";

    private readonly HttpClient _http;

    /// <param name="baseAddress">The account's base URL, ending with <c>/</c> (see <see cref="Connections.HostAddress"/>).</param>
    /// <param name="handler">The HTTP handler; null for <see cref="LocalhostConnector.CreateHandler"/>.</param>
    /// <param name="disposeHandler">Whether disposing this client disposes <paramref name="handler"/>.</param>
    public FloeApiClient(Uri baseAddress, HttpMessageHandler? handler = null, bool disposeHandler = true)
    {
        _http = handler is null ? new HttpClient(LocalhostConnector.CreateHandler()) : new HttpClient(handler, disposeHandler);
        _http.BaseAddress = baseAddress;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("floe-cli", typeof(FloeApiClient).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The OAuth grant type of a key-pair login (RFC 7523).</summary>
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>Logs in with a password or a programmatic access token; <paramref name="role"/> becomes the session's role.</summary>
    public Task<ApiResult<SessionToken>> LoginAsync(string user, string password, string? role, CancellationToken cancellationToken) =>
        PostLoginAsync([new("grant_type", "password"), new("username", user), new("password", password)], role, cancellationToken);

    /// <summary>Logs in with a key-pair JWT (<see cref="KeyPairJwt"/>); <paramref name="role"/> becomes the session's role.</summary>
    public Task<ApiResult<SessionToken>> LoginWithAssertionAsync(string assertion, string? role, CancellationToken cancellationToken) =>
        PostLoginAsync([new("grant_type", JwtBearerGrant), new("assertion", assertion)], role, cancellationToken);

    /// <summary>
    /// Exchanges an identity provider's access token for a session (RFC 8693 token exchange):
    /// <c>authenticator = "oauth"</c>.
    /// </summary>
    public Task<ApiResult<SessionToken>> LoginWithProviderTokenAsync(string accessToken, string? role, CancellationToken cancellationToken) =>
        PostLoginAsync(
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            new("subject_token", accessToken),
            new("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
        ], role, cancellationToken);

    private async Task<ApiResult<SessionToken>> PostLoginAsync(
        List<KeyValuePair<string, string>> form, string? role, CancellationToken cancellationToken)
    {
        if (role is not null)
        {
            form.Add(new("scope", "session:role:" + role));
        }
        using HttpRequestMessage request = new(HttpMethod.Post, TokenPath) { Content = new FormUrlEncodedContent(form) };
        ApiResult<HttpReply> reply = await SendAsync(request, cancellationToken);
        return reply.IsSuccess ? ReadToken(reply.Value) : reply.Error;
    }

    /// <summary>Runs the statements of <paramref name="request"/> (one or several, separated by <c>;</c>) in one session.</summary>
    public async Task<ApiResult<IReadOnlyList<StatementResult>>> ExecuteAsync(
        string sessionToken, StatementRequest request, CancellationToken cancellationToken)
    {
        using HttpRequestMessage message = new(HttpMethod.Post, StatementsPath)
        {
            Content = JsonContent.Create(request, WireJsonContext.Default.StatementRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        ApiResult<HttpReply> reply = await SendAsync(message, cancellationToken);
        return reply.IsSuccess ? ReadStatements(reply.Value) : reply.Error;
    }

    public void Dispose() => _http.Dispose();

    internal static ApiResult<SessionToken> ReadToken(HttpReply reply)
    {
        if (!reply.IsSuccess)
        {
            return reply.ToLoginError();
        }
        ApiResult<TokenResponse> parsed = Deserialize(reply, WireJsonContext.Default.TokenResponse);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }
        if (parsed.Value.Token is not { Length: > 0 } token)
        {
            return new ApiError(ApiErrorKind.InvalidResponse, $"unexpected answer from {reply.Url}: no token in it");
        }
        TimeSpan? expiresIn = parsed.Value.ExpiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        return ApiResult<SessionToken>.Success(new SessionToken(token, expiresIn));
    }

    internal static ApiResult<IReadOnlyList<StatementResult>> ReadStatements(HttpReply reply)
    {
        if (reply.Status == HttpStatusCode.UnprocessableEntity)
        {
            return ReadSqlError(reply);
        }
        if (!reply.IsSuccess)
        {
            return reply.ToError();
        }
        ApiResult<StatementResponse> parsed = Deserialize(reply, WireJsonContext.Default.StatementResponse);
        return parsed.IsSuccess
            ? ApiResult<IReadOnlyList<StatementResult>>.Success(StatementResult.ListFrom(parsed.Value))
            : parsed.Error;
    }

    private static ApiError ReadSqlError(HttpReply reply)
    {
        ApiResult<StatementResponse> parsed = Deserialize(reply, WireJsonContext.Default.StatementResponse);
        if (!parsed.IsSuccess || parsed.Value.Message is null)
        {
            return reply.ToError();
        }
        return ApiError.Sql(parsed.Value.Code ?? "", parsed.Value.SqlState ?? "", parsed.Value.Message) with
        {
            Completed = parsed.Value.Results is { } completed ? [.. completed.Select(StatementResult.From)] : [],
        };
    }

    private static ApiResult<T> Deserialize<T>(HttpReply reply, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(reply.Body, typeInfo) is { } value
                ? ApiResult<T>.Success(value)
                : new ApiError(ApiErrorKind.InvalidResponse, $"unexpected answer from {reply.Url}: empty JSON");
        }
        catch (JsonException e)
        {
            return new ApiError(ApiErrorKind.InvalidResponse, $"unexpected answer from {reply.Url}: {e.Message}");
        }
    }

    private async Task<ApiResult<HttpReply>> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri url = new(BaseAddress, request.RequestUri!);
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ApiResult<HttpReply>.Success(new HttpReply(request.Method, url, response.StatusCode, response.ReasonPhrase, body));
        }
        catch (HttpRequestException e)
        {
            return new ApiError(ApiErrorKind.Unreachable, $"cannot reach Floe at {BaseAddress}: {Reason(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiError(ApiErrorKind.Unreachable, $"cannot reach Floe at {BaseAddress}: no answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private static string Reason(HttpRequestException e) =>
        e.InnerException is { } inner && e.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase)
            ? inner.Message
            : e.Message;
}
