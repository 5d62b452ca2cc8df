using System.Security.Cryptography;
using Floe.Cli.Client.ExternalBrowser;
using Floe.Cli.Connections;

namespace Floe.Cli.Client;

/// <summary>
/// Gets a session token for connection settings. With <c>authenticator = "oauth"</c>, the <c>token</c>
/// setting is an identity provider's access token, exchanged for a session; with <c>"externalbrowser"</c>,
/// such a token is got through the provider's sign-in page in a browser (<see cref="ExternalBrowserSignIn"/>)
/// and exchanged the same way. Otherwise, in this order: the
/// <c>token</c> setting as it is; else a key-pair login when <c>private_key_file</c> is set; else a password
/// (or PAT) login.
/// </summary>
internal static class SessionAuthenticator
{
    public static async Task<ApiResult<string>> GetTokenAsync(
        FloeApiClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ApiResult<SessionToken> session = await GetSessionAsync(client, settings, SignInConsole.StandardError, cancellationToken);
        return session.IsSuccess ? ApiResult<string>.Success(session.Value.Token) : session.Error;
    }

    /// <summary>
    /// The session token and, when Floe said it (a login, not the <c>token</c> setting), its lifetime.
    /// <paramref name="console"/> is where a browser sign-in prints the URL to open.
    /// </summary>
    public static async Task<ApiResult<SessionToken>> GetSessionAsync(
        FloeApiClient client, ConnectionSettings settings, SignInConsole console, CancellationToken cancellationToken)
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
                ApiResult<string> providerToken = await ExternalBrowserSignIn.GetAccessTokenAsync(settings, console, providerHandler: null, cancellationToken);
                return providerToken.IsSuccess
                    ? await client.LoginWithProviderTokenAsync(providerToken.Value, settings.Role, cancellationToken)
                    : providerToken.Error;
            default:
                return new ApiError(ApiErrorKind.Usage, $"unknown authenticator '{settings.Authenticator}': use 'snowflake', 'oauth' or 'externalbrowser'");
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
