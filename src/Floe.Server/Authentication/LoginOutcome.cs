namespace Floe.Server.Authentication;

/// <summary>
/// The answer of a login: a session token and its lifetime, or an OAuth error (<c>error</c>,
/// <c>error_description</c>) with its HTTP status.
/// </summary>
internal sealed record LoginOutcome(string? Token, int ExpiresIn, int Status, string? Error, string? Description)
{
    public bool Succeeded => Token is not null;

    public static LoginOutcome Success(string token, int expiresIn) => new(token, expiresIn, 200, null, null);

    public static LoginOutcome Fail(int status, string error, string description) => new(null, 0, status, error, description);

    public static LoginOutcome BadCredentials() => Fail(401, "invalid_grant", LoginVerifier.GenericFailure);

    /// <summary>Seconds the client must wait before trying again (<c>429</c>).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static LoginOutcome TooManyFailures(TimeSpan wait)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return Fail(429, "too_many_requests", $"Too many failed logins; try again in {seconds} seconds.") with { RetryAfterSeconds = seconds };
    }
}
