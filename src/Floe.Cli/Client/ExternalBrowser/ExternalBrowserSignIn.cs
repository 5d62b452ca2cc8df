using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Floe.Cli.Connections;

namespace Floe.Cli.Client.ExternalBrowser;

/// <summary>Where the browser sign-in talks to the person: the messages (standard error) and, when there is one, a browser to open.</summary>
internal sealed record SignInConsole(TextWriter Messages, Func<Uri, bool>? OpenBrowser)
{
    /// <summary>Messages on standard error, no browser opened.</summary>
    public static SignInConsole StandardError { get; } = new(Console.Error, null);
}

/// <summary>
/// <c>authenticator = "externalbrowser"</c>: an access token of the identity provider, got the way a native app
/// gets one (RFC 8252) — the authorization-code flow with PKCE (S256) for the public client
/// <c>oauth_client_id</c>, through the provider's own sign-in page in a browser and back to a loopback redirect
/// URI on <c>127.0.0.1</c>, with a fresh <c>state</c> checked on the way back. The provider's endpoints are
/// <c>oauth_authorization_url</c> and <c>oauth_token_request_url</c> when set, else read from the discovery
/// document of <c>oauth_issuer</c>. The URL to open is always printed; a browser is opened too where one can be.
/// The token is then exchanged at Floe for a session like an <c>oauth</c> connection's.
/// </summary>
internal static class ExternalBrowserSignIn
{
    /// <summary>How long the person has to finish signing in before floe gives up.</summary>
    public static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(2);

    private const string Name = "authenticator 'externalbrowser'";

    public static async Task<ApiResult<string>> GetAccessTokenAsync(
        ConnectionSettings settings, SignInConsole console, HttpMessageHandler? providerHandler, CancellationToken cancellationToken)
    {
        if (settings.OAuthClientId is not { } clientId)
        {
            return Usage($"{Name} needs the client id floe has at the identity provider: set 'oauth_client_id' or {EnvironmentVariables.OAuthClientId}");
        }
        if (settings.OAuthIssuer is null && (settings.OAuthAuthorizationUrl is null || settings.OAuthTokenRequestUrl is null))
        {
            return Usage($"{Name} needs the identity provider: set 'oauth_issuer' ({EnvironmentVariables.OAuthIssuer}), " +
                "or both 'oauth_authorization_url' and 'oauth_token_request_url'");
        }
        Uri? redirect = null;
        if (settings.OAuthRedirectUri is { } configuredRedirect
            && (!Uri.TryCreate(configuredRedirect, UriKind.Absolute, out redirect) || !LoopbackRedirectListener.IsLoopback(redirect)))
        {
            return Usage($"invalid oauth_redirect_uri '{configuredRedirect}': it must be http://127.0.0.1[:port]/path, where floe listens for the browser");
        }

        using HttpClient http = providerHandler is null ? new HttpClient() : new HttpClient(providerHandler, disposeHandler: false);
        ApiResult<(string Authorize, string Token)> endpoints = await GetEndpointsAsync(http, settings, cancellationToken);
        if (!endpoints.IsSuccess)
        {
            return endpoints.Error;
        }

        string verifier = CryptoRandom.CreateUniqueId(32);
        string challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        string state = CryptoRandom.CreateUniqueId(16);
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(redirect);
        string redirectUri = listener.RedirectUri.AbsoluteUri;
        string url = new RequestUrl(endpoints.Value.Authorize).CreateAuthorizeUrl(
            clientId: clientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: Scope(settings),
            redirectUri: redirectUri,
            state: state,
            codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);

        bool opened = console.OpenBrowser?.Invoke(new Uri(url)) ?? false;
        console.Messages.WriteLine(opened
            ? "Sign in with your identity provider in the browser window that opened. If none did, open this URL:"
            : "Sign in with your identity provider: open this URL in a browser on this machine:");
        console.Messages.WriteLine(url);
        console.Messages.WriteLine($"Waiting for the browser to return to {redirectUri} (Ctrl+C to give up)...");
        console.Messages.Flush();

        AuthorizationResponse response;
        using (CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(BrowserTimeout);
            try
            {
                response = await listener.WaitAsync(state, note => console.Messages.WriteLine(note), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ApiError(ApiErrorKind.Authentication,
                    $"the sign-in through the browser did not finish within {BrowserTimeout.TotalMinutes:0} minutes; run the command again");
            }
        }
        if (response.Code is not { } code)
        {
            return new ApiError(ApiErrorKind.Authentication,
                $"the identity provider refused the sign-in: {response.Error}{(response.ErrorDescription is { } d ? " (" + d + ")" : "")}");
        }

        TokenResponse token = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = endpoints.Value.Token,
            ClientId = clientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = verifier,
        }, cancellationToken);
        if (token.IsError || string.IsNullOrEmpty(token.AccessToken))
        {
            return new ApiError(ApiErrorKind.Authentication,
                $"the identity provider did not give an access token for the code: {token.Error ?? "no access_token"}{(token.ErrorDescription is { } d ? " (" + d + ")" : "")}");
        }
        return ApiResult<string>.Success(token.AccessToken);
    }

    /// <summary><c>oauth_scope</c>, else <c>openid</c> and, with a role, <c>session:role:&lt;ROLE&gt;</c> (the scope Floe reads the role from).</summary>
    public static string Scope(ConnectionSettings settings) =>
        settings.OAuthScope ?? (settings.Role is { } role ? "openid session:role:" + role : "openid");

    private static async Task<ApiResult<(string Authorize, string Token)>> GetEndpointsAsync(
        HttpClient http, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.OAuthAuthorizationUrl is { } authorize && settings.OAuthTokenRequestUrl is { } tokenUrl)
        {
            return ApiResult<(string, string)>.Success((authorize, tokenUrl));
        }

        string issuer = settings.OAuthIssuer!;
        DiscoveryDocumentResponse discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = issuer,
            // The issuer must be the one configured (and https, but for a provider on this machine); the endpoints
            // may live elsewhere on the provider (Entra ID's do).
            Policy = new DiscoveryPolicy { ValidateEndpoints = false },
        }, cancellationToken);
        if (discovery.IsError)
        {
            return new ApiError(discovery.ErrorType == ResponseErrorType.Exception ? ApiErrorKind.Unreachable : ApiErrorKind.InvalidResponse,
                $"cannot read the identity provider's discovery document for issuer {issuer}: {discovery.Error}");
        }
        string? authorizeEndpoint = settings.OAuthAuthorizationUrl ?? discovery.AuthorizeEndpoint;
        string? tokenEndpoint = settings.OAuthTokenRequestUrl ?? discovery.TokenEndpoint;
        return authorizeEndpoint is null || tokenEndpoint is null
            ? new ApiError(ApiErrorKind.InvalidResponse, $"the discovery document of issuer {issuer} names no authorization or token endpoint")
            : ApiResult<(string, string)>.Success((authorizeEndpoint, tokenEndpoint));
    }

    private static ApiError Usage(string message) => new(ApiErrorKind.Usage, message);
}
