using System.Net;
using System.Text;

namespace Floe.Cli.Tests.Infrastructure;

/// <summary>An HTTP handler that records each request (with its body read) and answers from a script.</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, HttpResponseMessage> _respond;

    public StubHandler(Func<RecordedRequest, HttpResponseMessage> respond) => _respond = respond;

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answers <c>/oauth/token</c> with a token and <c>/api/v2/statements</c> with <paramref name="statementJson"/>.</summary>
    public static StubHandler ForSql(string statementJson, HttpStatusCode statementStatus = HttpStatusCode.OK) =>
        new(request => request.Path.EndsWith("/oauth/token", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"token":"session-1","expires_in":3600,"token_type":"Bearer"}""")
            : Json(statementStatus, statementJson));

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        RecordedRequest recorded = new(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            body);
        Requests.Add(recorded);
        return _respond(recorded);
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Url, string? Authorization, string? ContentType, string Body)
{
    public string Path => Url.AbsolutePath;
}
