using System.Text.Json;
using System.Text.Json.Serialization;

namespace Floe.Core.Metadata.ControlPlane;

/// <summary><c>EXTERNAL_OAUTH_TYPE</c>: which kind of provider issues the tokens. Floe checks all of them the same way.</summary>
public enum ExternalOAuthType
{
    Okta,
    Azure,
    PingFederate,
    Custom,
}

/// <summary><c>EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE</c>: the user property the token's mapping claim is compared with.</summary>
public enum UserMappingAttribute
{
    LoginName,
    EmailAddress,
}

/// <summary>
/// <c>EXTERNAL_OAUTH_ANY_ROLE_MODE</c>: whether a token may open a session with any role its user holds
/// (<see cref="Enable"/>) or only with the role its <c>session:role:&lt;R&gt;</c> scope names (<see cref="Disable"/>).
/// </summary>
public enum AnyRoleMode
{
    Disable,
    Enable,
    EnableForPrivilege,
}

/// <summary>
/// The settings of an External OAuth security integration: which provider's access tokens log users of
/// the account in, how they are checked and how they map to a user.
/// </summary>
public sealed record ExternalOAuthSettings
{
    public bool Enabled { get; init; }

    public ExternalOAuthType Type { get; init; } = ExternalOAuthType.Custom;

    /// <summary>The token's <c>iss</c> must be exactly this.</summary>
    public required string Issuer { get; init; }

    /// <summary>The only place the provider's signing keys are fetched from.</summary>
    public string? JwsKeysUrl { get; init; }

    /// <summary>The token's <c>aud</c> must hold one of these; empty means the account's own URL only.</summary>
    public IReadOnlyList<string> AudienceList { get; init; } = [];

    /// <summary>The claims tried, in order, for the name of the user (<c>sub</c>, <c>upn</c>, ...).</summary>
    public required IReadOnlyList<string> UserMappingClaims { get; init; }

    public UserMappingAttribute MappingAttribute { get; init; } = UserMappingAttribute.LoginName;

    public AnyRoleMode AnyRoleMode { get; init; } = AnyRoleMode.Disable;

    /// <summary>
    /// A Floe extension (<c>EXTERNAL_OAUTH_CONSOLE_CLIENT_ID</c>): the web console's client at the provider (a
    /// public client: authorization code with PKCE, no secret). With one, the console's sign-in page offers
    /// "Sign in with" this integration.
    /// </summary>
    public string? ConsoleClientId { get; init; }

    /// <summary>
    /// A Floe extension (<c>EXTERNAL_OAUTH_CONSOLE_SCOPE</c>): the scope the console asks the provider for;
    /// <c>null</c> means <c>openid</c>. Some providers need their API's full scope name to issue a token for Floe.
    /// </summary>
    public string? ConsoleScope { get; init; }

    public string? Comment { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The settings as the stores keep them: one JSON document, the same in every backend.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ExternalOAuthSettings FromJson(string json) =>
        JsonSerializer.Deserialize<ExternalOAuthSettings>(json, Json)
        ?? throw new InvalidOperationException("A security integration's stored settings are empty.");
}

/// <summary>
/// A security integration of the account (an account-level object, <c>ACCOUNTADMIN</c>'s to manage).
/// Names are unique per account; an integration never logs anyone into another account.
/// </summary>
public sealed record SecurityIntegrationRecord(
    long Id,
    long AccountId,
    string Name,
    ExternalOAuthSettings Settings,
    DateTimeOffset CreatedOn);

/// <summary>An integration to create in <see cref="AccountId"/>.</summary>
public sealed record NewSecurityIntegration(long AccountId, string Name, ExternalOAuthSettings Settings);

/// <summary>Security integrations, per account.</summary>
public interface ISecurityIntegrationStore
{
    /// <summary><see cref="CreateMode.OrReplace"/> replaces the settings of an existing integration (a new id, a new creation time).</summary>
    ValueTask<CreateResult<SecurityIntegrationRecord>> CreateSecurityIntegrationAsync(
        NewSecurityIntegration integration, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<SecurityIntegrationRecord?> FindSecurityIntegrationAsync(long accountId, string name, CancellationToken cancellationToken);

    /// <summary>Ordered by name.</summary>
    ValueTask<IReadOnlyList<SecurityIntegrationRecord>> ListSecurityIntegrationsAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>Replaces the settings; <c>false</c> when the integration is not in the account.</summary>
    ValueTask<bool> UpdateSecurityIntegrationAsync(long accountId, long integrationId, ExternalOAuthSettings settings, CancellationToken cancellationToken);

    /// <summary><c>false</c> when the integration is not in the account.</summary>
    ValueTask<bool> DropSecurityIntegrationAsync(long accountId, long integrationId, CancellationToken cancellationToken);
}
