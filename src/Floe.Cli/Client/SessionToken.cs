namespace Floe.Cli.Client;

/// <summary>A session token from <c>POST /oauth/token</c>; <see cref="ToString"/> never shows the secret.</summary>
internal sealed record SessionToken(string Token, TimeSpan? ExpiresIn)
{
    public override string ToString() => $"SessionToken {{ Token = ****, ExpiresIn = {ExpiresIn} }}";
}
