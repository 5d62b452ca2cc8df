using System.Net;
using System.Net.Sockets;
using Floe.Cli.Client;
using Floe.Cli.Client.Wire;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Client;

public sealed class FloeApiClientTests
{
    private static readonly Uri Base = new("http://local-dev.registry.localhost:5000/");

    [Fact]
    public async Task LoginAsync_WithRole_PostsPasswordGrantWithSessionScope()
    {
        StubHandler handler = TokenHandler();
        using FloeApiClient client = new(Base, handler);

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "p@ss word&", "SYSADMIN", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("session-1", result.Value.Token);
        Assert.Equal(TimeSpan.FromHours(1), result.Value.ExpiresIn);
        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://local-dev.registry.localhost:5000/oauth/token", request.Url.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("grant_type=password&username=ADMIN&password=p%40ss+word%26&scope=session%3Arole%3ASYSADMIN", request.Body);
    }

    [Fact]
    public async Task LoginAsync_WithoutRole_SendsNoScope()
    {
        StubHandler handler = TokenHandler();
        using FloeApiClient client = new(Base, handler);

        await client.LoginAsync("ADMIN", "pw", null, CancellationToken.None);

        Assert.Equal("grant_type=password&username=ADMIN&password=pw", Assert.Single(handler.Requests).Body);
    }

    [Theory]
    [InlineData("""{"message":"Incorrect username or password was specified."}""", "authentication failed: Incorrect username or password was specified.")]
    [InlineData("""{"error":"invalid_grant","error_description":"bad credentials"}""", "authentication failed: bad credentials")]
    [InlineData("""{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""", "authentication failed: authentication required")]
    [InlineData("", "authentication failed")]
    public async Task LoginAsync_Unauthorized_IsAuthenticationError(string body, string expected)
    {
        using FloeApiClient client = new(Base, new StubHandler(_ => StubHandler.Json(HttpStatusCode.Unauthorized, body)));

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "wrong", null, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(ApiErrorKind.Authentication, result.Error.Kind);
        Assert.Equal(expected, result.Error.ToString());
        Assert.Equal(1, result.Error.ExitCode);
    }

    [Fact]
    public async Task LoginAsync_ServerError_SaysStatus()
    {
        using FloeApiClient client = new(Base, new StubHandler(_ => StubHandler.Json(HttpStatusCode.InternalServerError, """{"message":"boom"}""")));

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "pw", null, CancellationToken.None);

        Assert.Equal(
            "POST http://local-dev.registry.localhost:5000/oauth/token failed with HTTP 500 Internal Server Error: boom",
            result.Error?.ToString());
    }

    [Fact]
    public async Task LoginAsync_AnswerWithoutToken_IsInvalidResponse()
    {
        using FloeApiClient client = new(Base, new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """{"expires_in":3600}""")));

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "pw", null, CancellationToken.None);

        Assert.Equal(ApiErrorKind.InvalidResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task ExecuteAsync_SendsBearerTokenAndJsonWithoutNulls()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);
        using FloeApiClient client = new(Base, handler);

        await client.ExecuteAsync("session-1", new StatementRequest("SHOW DATABASES;", Role: "SYSADMIN"), CancellationToken.None);

        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal("http://local-dev.registry.localhost:5000/api/v2/statements", request.Url.ToString());
        Assert.Equal("Bearer session-1", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("""{"statement":"SHOW DATABASES;","role":"SYSADMIN"}""", request.Body);
    }

    [Fact]
    public async Task ExecuteAsync_AllSessionFields_AreSent()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);
        using FloeApiClient client = new(Base, handler);

        await client.ExecuteAsync("t", new StatementRequest("SELECT 1", "R", "D", "S"), CancellationToken.None);

        Assert.Equal("""{"statement":"SELECT 1","role":"R","database":"D","schema":"S"}""", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public async Task ExecuteAsync_SingleStatement_ParsesColumnsAndRows()
    {
        IReadOnlyList<StatementResult> results = await ExecuteAsync(ResponseBodies.SingleStatement);

        StatementResult result = Assert.Single(results);
        Assert.Equal("01b2c3d4-0000-0000-0000-000000000001", result.StatementHandle);
        Assert.Equal([new Column("name", "text", false), new Column("comment", "text", true)], result.Columns);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["REPO_A", "first"], result.Rows[0]);
        Assert.Equal(["REPO_B", null], result.Rows[1]);
    }

    [Fact]
    public async Task ExecuteAsync_SeveralStatements_GivesOneResultEachInOrder()
    {
        IReadOnlyList<StatementResult> results = await ExecuteAsync(ResponseBodies.TwoStatements);

        Assert.Equal(["h1", "h2"], results.Select(r => r.StatementHandle));
        Assert.Equal("status", Assert.Single(results[0].Columns).Name);
        Assert.Equal(["SYSADMIN", null], Assert.Single(results[1].Rows));
    }

    [Fact]
    public async Task ExecuteAsync_NonStringCells_AreShownAsJsonText()
    {
        IReadOnlyList<StatementResult> results = await ExecuteAsync(
            """{"resultSetMetaData":{"rowType":[{"name":"a"},{"name":"b"},{"name":"c"}]},"data":[[1,true,"x"]]}""");

        Assert.Equal(["1", "true", "x"], Assert.Single(Assert.Single(results).Rows));
    }

    [Fact]
    public async Task ExecuteAsync_SqlError_IsSqlErrorWithCodeAndState()
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql(ResponseBodies.SqlError, HttpStatusCode.UnprocessableEntity));

        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("DROP IMAGE REPOSITORY NOPE"), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(ApiError.Sql("002003", "02000", "SQL compilation error:\nImage Repository 'NOPE' does not exist or not authorized."), result.Error);
        Assert.Equal("002003 (02000): SQL compilation error:\nImage Repository 'NOPE' does not exist or not authorized.", result.Error.ToString());
        Assert.Equal(1, result.Error.ExitCode);
    }

    [Fact]
    public async Task ExecuteAsync_UnprocessableWithoutSqlBody_IsHttpError()
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql("not json", HttpStatusCode.UnprocessableEntity));

        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("x"), CancellationToken.None);

        Assert.Equal(ApiErrorKind.Http, result.Error?.Kind);
        Assert.Contains("HTTP 422", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Unauthorized_IsAuthenticationError()
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql("""{"message":"Session token expired."}""", HttpStatusCode.Unauthorized));

        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("x"), CancellationToken.None);

        Assert.Equal(new ApiError(ApiErrorKind.Authentication, "authentication failed: Session token expired."), result.Error);
    }

    [Fact]
    public async Task ExecuteAsync_MalformedSuccessBody_IsInvalidResponse()
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql("<html>proxy</html>"));

        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("x"), CancellationToken.None);

        Assert.Equal(ApiErrorKind.InvalidResponse, result.Error?.Kind);
        Assert.StartsWith("unexpected answer from http://local-dev.registry.localhost:5000/api/v2/statements: ", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginAsync_ConnectionRefused_SaysFloeCannotBeReached()
    {
        Uri closed = new($"http://127.0.0.1:{UnusedPort()}/");
        using FloeApiClient client = new(closed);

        ApiResult<SessionToken> result = await client.LoginAsync("ADMIN", "pw", null, CancellationToken.None);

        Assert.Equal(ApiErrorKind.Unreachable, result.Error?.Kind);
        Assert.StartsWith($"cannot reach Floe at {closed}: ", result.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("refused", result.Error?.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExecuteAsync_HandlerThrowsHttpRequestException_SaysFloeCannotBeReached()
    {
        using FloeApiClient client = new(Base, new StubHandler(_ => throw new HttpRequestException("Name or service not known (nowhere:443)")));

        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("x"), CancellationToken.None);

        Assert.Equal($"cannot reach Floe at {Base}: Name or service not known (nowhere:443)", result.Error?.Message);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();
        using FloeApiClient client = new(Base, StubHandler.ForSql(ResponseBodies.SingleStatement));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.ExecuteAsync("t", new StatementRequest("x"), cancelled.Token));
    }

    private static async Task<IReadOnlyList<StatementResult>> ExecuteAsync(string body)
    {
        using FloeApiClient client = new(Base, StubHandler.ForSql(body));
        ApiResult<IReadOnlyList<StatementResult>> result = await client.ExecuteAsync("t", new StatementRequest("x"), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    private static StubHandler TokenHandler() =>
        new(_ => StubHandler.Json(HttpStatusCode.OK, """{"token":"session-1","expires_in":3600,"token_type":"Bearer"}"""));

    private static int UnusedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
