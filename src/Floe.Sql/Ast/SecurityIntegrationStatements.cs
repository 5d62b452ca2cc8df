using Floe.Core.Metadata.ControlPlane;

namespace Floe.Sql.Ast;

/// <summary>The properties of an External OAuth security integration that statements set and unset.</summary>
public enum SecurityIntegrationProperty
{
    Type,
    Enabled,
    ExternalOAuthType,
    Issuer,
    JwsKeysUrl,
    AudienceList,
    TokenUserMappingClaim,
    UserMappingAttribute,
    AnyRoleMode,
    ConsoleClientId,
    ConsoleScope,
    Comment,
}

/// <summary>The SQL spellings of security integrations' properties and values.</summary>
public static class SecurityIntegrationKeywords
{
    /// <summary>The properties in the order of the grammar, which is the order <c>ToSql</c> prints them in.</summary>
    internal static readonly KeywordMap<SecurityIntegrationProperty> Properties = new(
        (SecurityIntegrationProperty.Type, "TYPE"),
        (SecurityIntegrationProperty.Enabled, "ENABLED"),
        (SecurityIntegrationProperty.ExternalOAuthType, "EXTERNAL_OAUTH_TYPE"),
        (SecurityIntegrationProperty.Issuer, "EXTERNAL_OAUTH_ISSUER"),
        (SecurityIntegrationProperty.JwsKeysUrl, "EXTERNAL_OAUTH_JWS_KEYS_URL"),
        (SecurityIntegrationProperty.AudienceList, "EXTERNAL_OAUTH_AUDIENCE_LIST"),
        (SecurityIntegrationProperty.TokenUserMappingClaim, "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM"),
        (SecurityIntegrationProperty.UserMappingAttribute, "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE"),
        (SecurityIntegrationProperty.AnyRoleMode, "EXTERNAL_OAUTH_ANY_ROLE_MODE"),
        (SecurityIntegrationProperty.ConsoleClientId, "EXTERNAL_OAUTH_CONSOLE_CLIENT_ID"),
        (SecurityIntegrationProperty.ConsoleScope, "EXTERNAL_OAUTH_CONSOLE_SCOPE"),
        (SecurityIntegrationProperty.Comment, "COMMENT"));

    internal static readonly KeywordMap<ExternalOAuthType> OAuthTypes = new(
        (ExternalOAuthType.Okta, "OKTA"),
        (ExternalOAuthType.Azure, "AZURE"),
        (ExternalOAuthType.PingFederate, "PING_FEDERATE"),
        (ExternalOAuthType.Custom, "CUSTOM"));

    internal static readonly KeywordMap<UserMappingAttribute> MappingAttributes = new(
        (UserMappingAttribute.LoginName, "LOGIN_NAME"),
        (UserMappingAttribute.EmailAddress, "EMAIL_ADDRESS"));

    internal static readonly KeywordMap<AnyRoleMode> AnyRoleModes = new(
        (AnyRoleMode.Disable, "DISABLE"),
        (AnyRoleMode.Enable, "ENABLE"),
        (AnyRoleMode.EnableForPrivilege, "ENABLE_FOR_PRIVILEGE"));

    /// <summary>The one integration type Floe has: <c>TYPE = EXTERNAL_OAUTH</c>.</summary>
    public const string ExternalOAuth = "EXTERNAL_OAUTH";

    public static string ToSql(this SecurityIntegrationProperty property) => Properties.ToSql(property);

    public static string ToSql(this ExternalOAuthType type) => OAuthTypes.ToSql(type);

    public static string ToSql(this UserMappingAttribute attribute) => MappingAttributes.ToSql(attribute);

    public static string ToSql(this AnyRoleMode mode) => AnyRoleModes.ToSql(mode);
}

/// <summary>
/// The properties given to <c>CREATE SECURITY INTEGRATION</c> or <c>ALTER SECURITY INTEGRATION ... SET</c>;
/// null when not given: <c>[TYPE = EXTERNAL_OAUTH] [ENABLED = TRUE | FALSE]
/// [EXTERNAL_OAUTH_TYPE = OKTA | AZURE | PING_FEDERATE | CUSTOM] [EXTERNAL_OAUTH_ISSUER = '&lt;iss&gt;']
/// [EXTERNAL_OAUTH_JWS_KEYS_URL = '&lt;url&gt;'] [EXTERNAL_OAUTH_AUDIENCE_LIST = ('&lt;aud&gt;' [, ...])]
/// [EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = '&lt;claim&gt;' | ('&lt;claim&gt;' [, ...])]
/// [EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME' | 'EMAIL_ADDRESS']
/// [EXTERNAL_OAUTH_ANY_ROLE_MODE = DISABLE | ENABLE | ENABLE_FOR_PRIVILEGE] [EXTERNAL_OAUTH_CONSOLE_CLIENT_ID = '&lt;id&gt;']
/// [EXTERNAL_OAUTH_CONSOLE_SCOPE = '&lt;scopes&gt;'] [COMMENT = '&lt;c&gt;']</c>.
/// </summary>
public sealed record SecurityIntegrationProperties
{
    public bool ExternalOAuth { get; init; }

    public bool? Enabled { get; init; }

    public ExternalOAuthType? OAuthType { get; init; }

    public string? Issuer { get; init; }

    public string? JwsKeysUrl { get; init; }

    public ValueList<string>? AudienceList { get; init; }

    public ValueList<string>? UserMappingClaims { get; init; }

    public UserMappingAttribute? MappingAttribute { get; init; }

    public AnyRoleMode? AnyRoleMode { get; init; }

    public string? ConsoleClientId { get; init; }

    public string? ConsoleScope { get; init; }

    public string? Comment { get; init; }

    public bool IsEmpty => this == new SecurityIntegrationProperties();

    public string ToSql() => SqlText.Join(
        ExternalOAuth ? "TYPE = " + SecurityIntegrationKeywords.ExternalOAuth : null,
        Enabled is { } enabled ? "ENABLED = " + (enabled ? "TRUE" : "FALSE") : null,
        OAuthType is { } type ? "EXTERNAL_OAUTH_TYPE = " + type.ToSql() : null,
        SqlText.Property("EXTERNAL_OAUTH_ISSUER", Issuer),
        SqlText.Property("EXTERNAL_OAUTH_JWS_KEYS_URL", JwsKeysUrl),
        AudienceList is null ? null : "EXTERNAL_OAUTH_AUDIENCE_LIST = (" + SqlText.List(AudienceList.Select(SqlText.Literal)) + ")",
        UserMappingClaims is null ? null : "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = (" + SqlText.List(UserMappingClaims.Select(SqlText.Literal)) + ")",
        MappingAttribute is { } attribute ? "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = " + SqlText.Literal(attribute.ToSql()) : null,
        AnyRoleMode is { } mode ? "EXTERNAL_OAUTH_ANY_ROLE_MODE = " + mode.ToSql() : null,
        SqlText.Property("EXTERNAL_OAUTH_CONSOLE_CLIENT_ID", ConsoleClientId),
        SqlText.Property("EXTERNAL_OAUTH_CONSOLE_SCOPE", ConsoleScope),
        SqlText.Property("COMMENT", Comment));
}

/// <summary><c>CREATE [OR REPLACE] SECURITY INTEGRATION [IF NOT EXISTS] &lt;name&gt; &lt;properties&gt;</c>.</summary>
public sealed record CreateSecurityIntegration(bool OrReplace, bool IfNotExists, Identifier Name, SecurityIntegrationProperties Properties) : Statement
{
    public override string ToSql() => SqlText.Join(
        "CREATE", SqlText.If(OrReplace, "OR REPLACE"), "SECURITY INTEGRATION", SqlText.If(IfNotExists, "IF NOT EXISTS"), Name.ToSql(), Properties.ToSql());
}

/// <summary><c>ALTER [SECURITY] INTEGRATION [IF EXISTS] &lt;name&gt; SET &lt;properties&gt;</c> (at least one).</summary>
public sealed record AlterSecurityIntegrationSet(bool IfExists, Identifier Name, SecurityIntegrationProperties Properties) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER SECURITY INTEGRATION", SqlText.If(IfExists, "IF EXISTS"), Name.ToSql(), "SET", Properties.ToSql());
}

/// <summary>
/// <c>ALTER [SECURITY] INTEGRATION [IF EXISTS] &lt;name&gt; UNSET &lt;property&gt; [, ...]</c>: the optional
/// properties go back to their defaults; the properties are kept in the grammar's order, each once.
/// </summary>
public sealed record AlterSecurityIntegrationUnset(bool IfExists, Identifier Name, ValueList<SecurityIntegrationProperty> Properties) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER SECURITY INTEGRATION", SqlText.If(IfExists, "IF EXISTS"), Name.ToSql(), "UNSET",
        SqlText.List(Properties.Select(property => property.ToSql())));
}

/// <summary><c>DROP [SECURITY] INTEGRATION [IF EXISTS] &lt;name&gt;</c>.</summary>
public sealed record DropSecurityIntegration(bool IfExists, Identifier Name) : Statement
{
    public override string ToSql() => SqlText.Join("DROP SECURITY INTEGRATION", SqlText.If(IfExists, "IF EXISTS"), Name.ToSql());
}

/// <summary><c>SHOW [SECURITY] INTEGRATIONS [LIKE '&lt;pattern&gt;']</c>.</summary>
public sealed record ShowSecurityIntegrations(string? Like = null) : Statement
{
    public override string ToSql() => SqlText.Join("SHOW SECURITY INTEGRATIONS", SqlText.Like(Like));
}

/// <summary><c>{DESCRIBE | DESC} [SECURITY] INTEGRATION &lt;name&gt;</c>.</summary>
public sealed record DescribeSecurityIntegration(Identifier Name) : Statement
{
    public override string ToSql() => "DESCRIBE SECURITY INTEGRATION " + Name.ToSql();
}
