using Floe.Cli.Connections;

namespace Floe.Cli.Client;

/// <summary>
/// Gets a session token for connection settings: the <c>token</c> setting as it is, else a password (or
/// PAT) login. Key-pair authentication is not in this version and says so.
/// </summary>
internal static class SessionAuthenticator
{
    public const string KeyPairUnsupported = "key-pair authentication is not supported by this version";

    public static async Task<ApiResult<string>> GetTokenAsync(
        FloeApiClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Token is { } token)
        {
            return ApiResult<string>.Success(token);
        }
        if (settings.PrivateKeyFile is not null)
        {
            return new ApiError(ApiErrorKind.Unsupported, KeyPairUnsupported);
        }
        if (settings.User is null || settings.Password is null)
        {
            return new ApiError(ApiErrorKind.Usage,
                $"no credentials configured: set 'token', or 'user' and 'password' (config file, " +
                $"{EnvironmentVariables.Token}/{EnvironmentVariables.User}/{EnvironmentVariables.Password}, or flags)");
        }
        ApiResult<SessionToken> login = await client.LoginAsync(settings.User, settings.Password, settings.Role, cancellationToken);
        return login.IsSuccess ? ApiResult<string>.Success(login.Value.Token) : login.Error;
    }
}
