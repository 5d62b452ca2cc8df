using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Server.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Floe.Server.WebConsole;

/// <summary>
/// "Sign in with &lt;integration&gt;" in the console: the authorization-code flow with PKCE (S256) of a web
/// app, for the public client <c>EXTERNAL_OAUTH_CONSOLE_CLIENT_ID</c> of an enabled External OAuth integration.
/// The provider's endpoints come from the discovery document of the integration's issuer (bounded in time and
/// size like the key sets, and its <c>issuer</c> must be the integration's). The <c>state</c>, the PKCE verifier
/// and the integration travel in a short-lived cookie the server alone can read (data protection), scoped to
/// <c>/console/sso</c> and <c>SameSite=Lax</c>, since the provider's redirect back is a cross-site navigation.
/// The access token the code is exchanged for signs in exactly as a token exchange at <c>POST /oauth/token</c>
/// does (<see cref="SessionService.LoginWithExternalTokenAsync"/>: same checks, user mapping, refusals,
/// policy, throttle and login history).
/// </summary>
internal sealed partial class ConsoleSso : IDisposable
{
    public const string CookieName = "floe_console_sso";
    public const string CallbackPath = ConsoleEndpoints.Root + "/sso/callback";

    /// <summary>How long the person has to sign in at the provider.</summary>
    public static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);

    private readonly IControlPlaneStore _store;
    private readonly ConsoleSessions _sessions;
    private readonly ITimeLimitedDataProtector _protector;
    private readonly ILogger<ConsoleSso> _logger;
    private readonly HttpClient _http;

    public ConsoleSso(IControlPlaneStore store, ConsoleSessions sessions, IDataProtectionProvider protection, JwksOptions limits, ILogger<ConsoleSso> logger)
    {
        _store = store;
        _sessions = sessions;
        _logger = logger;
        _protector = protection.CreateProtector("Floe.Console.Sso").ToTimeLimitedDataProtector();
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = limits.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = limits.FetchTimeout,
            MaxResponseContentBufferSize = limits.MaxBytes,
        };
    }

    /// <summary>The names of the account's integrations the console can sign in with: enabled, with a console client.</summary>
    public async Task<IReadOnlyList<string>> OptionsAsync(AccountRecord account, CancellationToken cancellationToken)
    {
        IReadOnlyList<SecurityIntegrationRecord> integrations = await _store.ListSecurityIntegrationsAsync(account.Id, cancellationToken);
        return [.. integrations.Where(Offered).Select(integration => integration.Name)];
    }

    /// <summary>
    /// Starts signing in with <paramref name="name"/>: the provider's authorization URL to send the browser to
    /// (the flow's cookie is set), or why not: the integration is not offered, or its provider cannot be reached.
    /// </summary>
    public async Task<(string? Url, LoginOutcome? Failure)> StartAsync(HttpContext context, AccountRecord account, string name)
    {
        SecurityIntegrationRecord? integration = await FindOfferedAsync(account, name, context.RequestAborted);
        if (integration is null)
        {
            return (null, LoginOutcome.BadCredentials());
        }

        if (await DiscoverAsync(integration.Settings.Issuer, context.RequestAborted) is not { } provider)
        {
            return (null, ProviderUnreachable());
        }

        string verifier = CryptoRandom.CreateUniqueId(32);
        string state = CryptoRandom.CreateUniqueId(16);
        string challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        Flow flow = new(account.Name, integration.Name, state, verifier);
        string sealedFlow = _protector.Protect(JsonSerializer.Serialize(flow, ConsoleSsoJson.Default.Flow), FlowLifetime);
        context.Response.Cookies.Append(CookieName, sealedFlow, FlowCookie(context, FlowLifetime));
        return (new RequestUrl(provider.AuthorizeEndpoint!).CreateAuthorizeUrl(
            clientId: integration.Settings.ConsoleClientId!,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: integration.Settings.ConsoleScope ?? OidcConstants.StandardScopes.OpenId,
            redirectUri: RedirectUri(context),
            state: state,
            codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256), null);
    }

    /// <summary>The answer when the provider's discovery document or token endpoint cannot be had: a clear "try again", never a session.</summary>
    public static LoginOutcome ProviderUnreachable() => LoginOutcome.Fail(
        503, "temporarily_unavailable", "The identity provider could not be reached; try again later.");

    /// <summary>
    /// The provider's redirect back: the flow's cookie must be there, unexpired and unaltered, for this account,
    /// with the same <c>state</c>; the code is exchanged at the provider and the access token signs in. The
    /// outcome: on success the console's session cookie is set.
    /// </summary>
    public async Task<LoginOutcome> CompleteAsync(HttpContext context, AccountRecord account)
    {
        Flow? flow = ReadFlow(context);
        context.Response.Cookies.Delete(CookieName, FlowCookie(context, null));
        IQueryCollection query = context.Request.Query;
        string state = query["state"].ToString(), code = query["code"].ToString();
        if (flow is null || flow.Account != account.Name || state.Length == 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(flow.State), Encoding.UTF8.GetBytes(state)))
        {
            return LoginOutcome.BadCredentials();
        }

        if (code.Length == 0)
        {
            LogProviderRefused(account.Name, flow.Integration, query["error"].ToString());
            return LoginOutcome.BadCredentials();
        }

        SecurityIntegrationRecord? integration = await FindOfferedAsync(account, flow.Integration, context.RequestAborted);
        if (integration is null)
        {
            return LoginOutcome.BadCredentials();
        }

        if (await DiscoverAsync(integration.Settings.Issuer, context.RequestAborted) is not { } provider)
        {
            return ProviderUnreachable();
        }

        TokenResponse token;
        try
        {
            token = await _http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
            {
                Address = provider.TokenEndpoint,
                ClientId = integration.Settings.ConsoleClientId!,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                Code = code,
                RedirectUri = RedirectUri(context),
                CodeVerifier = flow.Verifier,
            }, context.RequestAborted);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            LogProviderUnreachable(account.Name, integration.Name, exception.Message);
            return ProviderUnreachable();
        }

        if (token.IsError || string.IsNullOrEmpty(token.AccessToken))
        {
            LogProviderRefused(account.Name, integration.Name, token.Error ?? "no access_token");
            return token.ErrorType == ResponseErrorType.Exception ? ProviderUnreachable() : LoginOutcome.BadCredentials();
        }

        return await _sessions.SignInWithExternalTokenAsync(context, account, token.AccessToken);
    }

    public void Dispose() => _http.Dispose();

    private static bool Offered(SecurityIntegrationRecord integration) =>
        integration.Settings.Enabled && !string.IsNullOrEmpty(integration.Settings.ConsoleClientId);

    private async Task<SecurityIntegrationRecord?> FindOfferedAsync(AccountRecord account, string name, CancellationToken cancellationToken) =>
        name.Length > 0 && await _store.FindSecurityIntegrationAsync(account.Id, name, cancellationToken) is { } integration && Offered(integration)
            ? integration
            : null;

    /// <summary>The provider's endpoints from its discovery document, or <c>null</c> (logged) when it cannot be had or is not the issuer's.</summary>
    private async Task<DiscoveryDocumentResponse?> DiscoverAsync(string issuer, CancellationToken cancellationToken)
    {
        DiscoveryDocumentResponse discovery = await _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = issuer,
            // The issuer must be the integration's (https, but for a provider on a loopback address); its endpoints
            // may live elsewhere on the provider (Entra ID's do).
            Policy = new DiscoveryPolicy { ValidateEndpoints = false },
        }, cancellationToken);
        if (discovery.IsError || string.IsNullOrEmpty(discovery.AuthorizeEndpoint) || string.IsNullOrEmpty(discovery.TokenEndpoint))
        {
            LogDiscoveryFailed(issuer, discovery.Error ?? "no authorization or token endpoint");
            return null;
        }

        return discovery;
    }

    private Flow? ReadFlow(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out string? sealedFlow) || string.IsNullOrEmpty(sealedFlow))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(_protector.Unprotect(sealedFlow), ConsoleSsoJson.Default.Flow);
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary><c>http(s)://&lt;account host&gt;/console/sso/callback</c>, as registered at the provider.</summary>
    private static string RedirectUri(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{CallbackPath}";

    private static CookieOptions FlowCookie(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = ConsoleEndpoints.Root + "/sso",
        MaxAge = lifetime,
        IsEssential = true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console SSO: the discovery document of issuer {Issuer} could not be read: {Error}")]
    private partial void LogDiscoveryFailed(string issuer, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console SSO of account {Account} with {Integration}: the provider did not give a token: {Error}")]
    private partial void LogProviderRefused(string account, string integration, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console SSO of account {Account} with {Integration}: the provider's token endpoint could not be reached: {Error}")]
    private partial void LogProviderUnreachable(string account, string integration, string error);

    /// <summary>What the flow's cookie carries, sealed: the account and integration it was started for, its state and PKCE verifier.</summary>
    internal sealed record Flow(string Account, string Integration, string State, string Verifier);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ConsoleSso.Flow))]
internal sealed partial class ConsoleSsoJson : System.Text.Json.Serialization.JsonSerializerContext;
