using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;
using Floe.Server.Authentication;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Observability.History;

/// <summary>
/// A login attempt as LOGIN_HISTORY shows it. The authentication factor is Snowflake's name for the
/// method (<c>PASSWORD</c>, <c>RSA_KEYPAIR</c>, <c>PROGRAMMATIC_ACCESS_TOKEN</c>) or Floe's
/// <c>SESSION_TOKEN</c> (a registry login with a session token). A refusal carries a code and a
/// symbolic message, never the client's secret: <c>390100 INCORRECT_USERNAME_PASSWORD</c> (Snowflake's),
/// <c>390401 AUTHENTICATION_REFUSED</c> (a policy, or another refusal) and
/// <c>390429 TOO_MANY_FAILED_LOGINS</c> (the throttle).
/// </summary>
internal static class LoginEvents
{
    public const string SessionToken = "SESSION_TOKEN";

    private const int MaxClientTypeLength = 64;

    public static string Factor(AuthenticationMethods method) => method switch
    {
        AuthenticationMethods.KeyPair => "RSA_KEYPAIR",
        AuthenticationMethods.ProgrammaticAccessToken => "PROGRAMMATIC_ACCESS_TOKEN",
        _ => "PASSWORD",
    };

    /// <summary>
    /// The event of one attempt. <paramref name="userName"/> is the user's name when the attempt found
    /// one, else the name given (upper case, as an unquoted name reads).
    /// </summary>
    public static LoginEvent Of(
        AccountRecord account, string userName, HttpContext? context, TimeProvider time, string factor, LoginOutcome? failure)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(time);
        (string? code, string? message) = failure switch
        {
            null => (null, null),
            { Status: 429 } => ("390429", "TOO_MANY_FAILED_LOGINS"),
            { Description: LoginVerifier.GenericFailure } => ("390100", "INCORRECT_USERNAME_PASSWORD"),
            _ => ("390401", "AUTHENTICATION_REFUSED"),
        };
        return new LoginEvent(
            account.Id, time.GetUtcNow(), failure is null ? userName : userName.ToUpperInvariant(),
            context?.Connection.RemoteIpAddress?.ToString(), ClientType(context), factor, failure is null, code, message);
    }

    /// <summary>The product of the client's <c>User-Agent</c> (<c>docker/27.1 go/…</c> is <c>DOCKER</c>), <c>OTHER</c> without one.</summary>
    private static string ClientType(HttpContext? context)
    {
        string agent = context?.Request.Headers.UserAgent.ToString() ?? string.Empty;
        int end = agent.IndexOfAny([' ', '/', '(', ';']);
        string product = (end < 0 ? agent : agent[..end]).Trim();
        if (product.Length == 0)
        {
            return "OTHER";
        }

        return (product.Length > MaxClientTypeLength ? product[..MaxClientTypeLength] : product).ToUpperInvariant();
    }
}
