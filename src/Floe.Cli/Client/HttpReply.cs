using System.Net;

namespace Floe.Cli.Client;

/// <summary>An HTTP answer read to the end: what the API client needs to decide and to explain.</summary>
internal sealed record HttpReply(HttpMethod Method, Uri Url, HttpStatusCode Status, string? ReasonPhrase, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    /// <summary>The error for a non-success answer: <c>401</c> is an authentication failure, the rest say their status.</summary>
    public ApiError ToError()
    {
        string? message = ErrorBody.FindMessage(Body);
        if (Status == HttpStatusCode.Unauthorized)
        {
            return new ApiError(ApiErrorKind.Authentication, message is null ? "authentication failed" : $"authentication failed: {message}");
        }
        string status = $"HTTP {(int)Status}{(ReasonPhrase is { Length: > 0 } ? " " + ReasonPhrase : "")}";
        string detail = message is null ? "" : $": {message}";
        return new ApiError(ApiErrorKind.Http, $"{Method} {Url} failed with {status}{detail}");
    }

    /// <summary>
    /// The error for a refused login: any 4xx that says why (a role not granted, a disabled user, an
    /// authentication policy, too many attempts) is the server's message as it is; the rest as <see cref="ToError"/>.
    /// </summary>
    public ApiError ToLoginError() =>
        (int)Status is >= 400 and <= 499 && ErrorBody.FindMessage(Body) is { } message
            ? new ApiError(ApiErrorKind.Authentication, $"authentication failed: {message}")
            : ToError();
}
