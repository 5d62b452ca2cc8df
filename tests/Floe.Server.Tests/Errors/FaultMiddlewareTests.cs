using System.Text.Json;
using Floe.Metadata.Sqlite;
using Floe.Server.Errors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Floe.Server.Tests.Errors;

/// <summary>
/// An exception that escapes a request becomes an error in that request's protocol: the OCI envelope on
/// <c>/v2/</c>, a Snowflake error on the SQL API, an OAuth error on the token endpoints; a client that
/// went away is logged at debug level and answered nothing.
/// </summary>
// The middleware over the SQLite store's faults (SQLITE_FULL, I/O errors), with no server: the PostgreSQL pass changes nothing here.
[Trait("MetadataStore", "sqlite-only")]
public sealed class FaultMiddlewareTests
{
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;
    private const int SqliteFull = 13;
    private const int SqliteIoErrWrite = 778;

    public static TheoryData<string, Exception> StorageFullFaults() => new()
    {
        { "ENOSPC", new IOException("No space left on device", ENOSPC) },
        { "EDQUOT", new IOException("Disk quota exceeded", EDQUOT) },
        { "SQLITE_FULL", new SqliteException("database or disk is full", SqliteFull) },
        { "wrapped", new InvalidOperationException("outer", new IOException("No space left on device", ENOSPC)) },
    };

    [Theory]
    [MemberData(nameof(StorageFullFaults))]
    public async Task Registry_StorageFull_AnswersUnavailableEnvelopeWithRetryAfter(string name, Exception fault)
    {
        Answer answer = await RunAsync("PUT", "/v2/db/sch/repo/img/manifests/v1", fault);

        Assert.Equal(503, answer.Status);
        Assert.False(answer.Aborted);
        Assert.Equal("30", answer.Headers.RetryAfter.ToString());
        Assert.Equal("registry/2.0", answer.Headers["Docker-Distribution-Api-Version"].ToString());
        JsonElement error = answer.Json.GetProperty("errors")[0];
        Assert.Equal("UNAVAILABLE", error.GetProperty("code").GetString());
        Assert.Contains("storage is full", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, Assert.Single(answer.Log).Level);
        Assert.Null(answer.Log[0].Exception);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task Registry_SqliteIoError_AnswersUnavailableAndLogsTheTrace()
    {
        Answer answer = await RunAsync("POST", "/v2/db/sch/repo/img/blobs/uploads/", new SqliteException("disk I/O error", 10, SqliteIoErrWrite));

        Assert.Equal(503, answer.Status);
        Assert.Equal("UNAVAILABLE", answer.Json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Contains("cannot be reached", answer.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, Assert.Single(answer.Log).Level);
        Assert.NotNull(answer.Log[0].Exception);
    }

    [Fact]
    public async Task Registry_UnexpectedException_AnswersUnknownEnvelopeNamingTheRequest()
    {
        Answer answer = await RunAsync("GET", "/v2/db/sch/repo/img/tags/list", new InvalidOperationException("a bug"));

        Assert.Equal(500, answer.Status);
        Assert.False(answer.Headers.ContainsKey("Retry-After"));
        JsonElement error = answer.Json.GetProperty("errors")[0];
        Assert.Equal("UNKNOWN", error.GetProperty("code").GetString());
        Assert.Contains(answer.RequestId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, Assert.Single(answer.Log).Level);
        Assert.IsType<InvalidOperationException>(answer.Log[0].Exception);
    }

    [Fact]
    public async Task Registry_HeadRequest_AnswersStatusWithoutBody()
    {
        Answer answer = await RunAsync("HEAD", "/v2/db/sch/repo/img/blobs/sha256:" + new string('a', 64), new IOException("full", ENOSPC));

        Assert.Equal(503, answer.Status);
        Assert.Empty(answer.Body);
    }

    [Fact]
    public async Task SqlApi_StorageFull_AnswersSnowflakeErrorWithDiskFullState()
    {
        Answer answer = await RunAsync("POST", "/api/v2/statements", new SqliteException("database or disk is full", SqliteFull));

        Assert.Equal(503, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("000603", answer.Json.GetProperty("code").GetString());
        Assert.Equal("53100", answer.Json.GetProperty("sqlState").GetString());
        Assert.StartsWith("SQL execution internal error:", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(answer.Json.GetProperty("statementHandle").GetString(), out _));
    }

    [Fact]
    public async Task SqlApi_UnexpectedException_AnswersSnowflakeInternalError()
    {
        Answer answer = await RunAsync("POST", "/api/v2/statements", new NullReferenceException());

        Assert.Equal(500, answer.Status);
        Assert.Equal("000603", answer.Json.GetProperty("code").GetString());
        Assert.Equal("XX000", answer.Json.GetProperty("sqlState").GetString());
        Assert.Contains(answer.RequestId, answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/oauth/token")]
    [InlineData("GET", "/oauth/token")]
    [InlineData("GET", "/login")]
    public async Task TokenEndpoints_StorageFull_AnswersOAuthTemporarilyUnavailable(string method, string path)
    {
        Answer answer = await RunAsync(method, path, new SqliteException("database or disk is full", SqliteFull));

        Assert.Equal(503, answer.Status);
        Assert.Equal("30", answer.Headers.RetryAfter.ToString());
        Assert.Equal("temporarily_unavailable", answer.Json.GetProperty("error").GetString());
        Assert.Contains("storage is full", answer.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_UnexpectedException_AnswersOAuthServerError()
    {
        Answer answer = await RunAsync("POST", "/oauth/token", new InvalidOperationException("a bug"));

        Assert.Equal(500, answer.Status);
        Assert.Equal("server_error", answer.Json.GetProperty("error").GetString());
    }

    public static TheoryData<string, Exception> HangUps() => new()
    {
        { "cancelled", new OperationCanceledException() },
        { "reset", new ConnectionResetException("reset by peer") },
        { "cut body", new IOException("The request stream was aborted.") },
    };

    [Theory]
    [MemberData(nameof(HangUps))]
    public async Task AnyRequest_ClientHungUp_LogsAtDebugWithoutTraceAndAnswersNothing(string name, Exception fault)
    {
        Answer answer = await RunAsync("PATCH", "/v2/db/sch/repo/img/blobs/uploads/abc", fault, aborted: true);

        Assert.Equal(FaultMiddleware.ClientClosedRequest, answer.Status);
        Assert.Empty(answer.Body);
        Assert.True(answer.Aborted);
        LogEntry entry = Assert.Single(answer.Log);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Null(entry.Exception);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task AnyRequest_KestrelCutASlowBody_LogsAtDebugWithKestrelsStatus()
    {
        Answer answer = await RunAsync("POST", "/v2/db/sch/repo/img/blobs/uploads/", new BadHttpRequestException("Reading the request body timed out", 408));

        Assert.Equal(408, answer.Status);
        Assert.False(answer.Aborted);
        Assert.Equal(LogLevel.Debug, Assert.Single(answer.Log).Level);
    }

    [Fact]
    public async Task AnyRequest_CancelledWhileClientStillThere_IsAnUnexpectedError()
    {
        Answer answer = await RunAsync("GET", "/v2/db/sch/repo/img/tags/list", new OperationCanceledException());

        Assert.Equal(500, answer.Status);
        Assert.Equal(LogLevel.Error, Assert.Single(answer.Log).Level);
    }

    [Fact]
    public async Task OtherPaths_StorageFull_AnswersPlainText()
    {
        Answer answer = await RunAsync("GET", "/healthz", new IOException("full", ENOSPC));

        Assert.Equal(503, answer.Status);
        Assert.Contains("storage is full", System.Text.Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
    }

    private static async Task<Answer> RunAsync(string method, string path, Exception fault, bool aborted = false)
    {
        ListLogger logger = new();
        using ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
        using CancellationTokenSource abort = new();
        if (aborted)
        {
            await abort.CancelAsync();
        }

        RecordingLifetime lifetime = new() { RequestAborted = abort.Token };
        DefaultHttpContext context = new() { RequestServices = services };
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature>(lifetime);
        context.Request.Method = method;
        context.Request.Path = path;
        using MemoryStream body = new();
        context.Response.Body = body;
        FaultMiddleware middleware = new(_ => throw fault, new ServerFaults([new SqliteStorageFaults()]), logger);

        await middleware.InvokeAsync(context);
        await context.Response.BodyWriter.FlushAsync();

        byte[] bytes = body.ToArray();
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, bytes, logger.Entries, context.TraceIdentifier, lifetime.Aborted);
    }

    /// <summary>The request's lifetime, remembering whether the middleware cut the connection.</summary>
    private sealed class RecordingLifetime : Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }

    private sealed record Answer(
        int Status, string? ContentType, IHeaderDictionary Headers, byte[] Body, IReadOnlyList<LogEntry> Log, string RequestId, bool Aborted)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    private sealed record LogEntry(LogLevel Level, Exception? Exception, string Message);

    /// <summary>Keeps what the middleware logs, for the level and whether a trace came with it.</summary>
    private sealed class ListLogger : ILogger<FaultMiddleware>
    {
        public List<LogEntry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add(new LogEntry(logLevel, exception, formatter(state, exception)));
    }
}
