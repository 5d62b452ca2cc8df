using System.Security.Cryptography;
using Floe.Cli.Connections;

namespace Floe.Cli.Client;

/// <summary>
/// Gets a session token for connection settings. With <c>authenticator = "oauth"</c>, the <c>token</c>
/// setting is an identity provider's access token, exchanged for a session. Otherwise, in this order: the
/// <c>token</c> setting as it is; else a key-pair login when <c>private_key_file</c> is set; else a password
/// (or PAT) login.
/// </summary>
internal static class SessionAuthenticator
{
    public static async Task<ApiResult<string>> GetTokenAsync(
        FloeApiClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ApiResult<SessionToken> session = await GetSessionAsync(client, settings, cancellationToken);
        return session.IsSuccess ? ApiResult<string>.Success(session.Value.Token) : session.Error;
    }

    /// <summary>The session token and, when Floe said it (a login, not the <c>token</c> setting), its lifetime.</summary>
    public static async Task<ApiResult<SessionToken>> GetSessionAsync(
        FloeApiClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        switch (settings.Authenticator?.ToUpperInvariant())
        {
            case null or "SNOWFLAKE":
                break;
            case "OAUTH":
                return settings.Token is { } accessToken
                    ? await client.LoginWithProviderTokenAsync(accessToken, settings.Role, cancellationToken)
                    : new ApiError(ApiErrorKind.Usage,
                        $"authenticator 'oauth' needs the identity provider's access token: set 'token', {EnvironmentVariables.Token} or --token");
            case "EXTERNALBROWSER":
                return new ApiError(ApiErrorKind.Usage,
                    "authenticator 'externalbrowser' is not available in this version of floe; sign in to your identity provider and use authenticator 'oauth' with its access token");
            default:
                return new ApiError(ApiErrorKind.Usage, $"unknown authenticator '{settings.Authenticator}': use 'snowflake' or 'oauth'");
        }

        if (settings.Token is { } token)
        {
            return ApiResult<SessionToken>.Success(new SessionToken(token, null));
        }
        if (settings.PrivateKeyFile is { } keyFile)
        {
            return await KeyPairLoginAsync(client, settings, keyFile, cancellationToken);
        }
        if (settings.User is null || settings.Password is null)
        {
            return new ApiError(ApiErrorKind.Usage,
                $"no credentials configured: set 'token', 'user' and 'password', or 'user' and 'private_key_file' (config file, " +
                $"{EnvironmentVariables.Token}/{EnvironmentVariables.User}/{EnvironmentVariables.Password}/{EnvironmentVariables.PrivateKeyFile}, or flags)");
        }
        return await client.LoginAsync(settings.User, settings.Password, settings.Role, cancellationToken);
    }

    private static async Task<ApiResult<SessionToken>> KeyPairLoginAsync(
        FloeApiClient client, ConnectionSettings settings, string keyFile, CancellationToken cancellationToken)
    {
        if (settings.User is null)
        {
            return new ApiError(ApiErrorKind.Usage,
                $"key-pair authentication needs the user: set 'user', {EnvironmentVariables.User} or --user");
        }
        if (!KeyPairAccount.TryResolve(settings, out string account, out string error)
            || !KeyPairJwt.TryLoadKey(keyFile, settings.PrivateKeyPassphrase, out RSA key, out error))
        {
            return new ApiError(ApiErrorKind.Usage, error);
        }
        using (key)
        {
            string assertion = KeyPairJwt.Create(key, account, settings.User, DateTimeOffset.UtcNow);
            return await client.LoginWithAssertionAsync(assertion, settings.Role, cancellationToken);
        }
    }
}
