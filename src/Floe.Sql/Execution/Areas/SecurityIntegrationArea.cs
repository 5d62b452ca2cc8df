using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// External OAuth security integrations: <c>CREATE [OR REPLACE]</c>, <c>ALTER ... SET | UNSET</c>, <c>DROP</c>,
/// <c>SHOW</c> and <c>DESCRIBE</c>. They are account-level objects and ACCOUNTADMIN's alone: another role
/// cannot create one (003001 on the account), and sees none (SHOW is empty, the others answer 002003).
/// </summary>
internal sealed class SecurityIntegrationArea : IStatementArea
{
    private const string Category = "SECURITY";

    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Text("name"), SqlColumn.Text("type"), SqlColumn.Text("category"), SqlColumn.Boolean("enabled"),
        SqlColumn.Text("comment"), SqlColumn.Timestamp("created_on"),
    ];

    private static readonly SqlColumn[] DescribeColumns =
    [
        SqlColumn.Text("property"), SqlColumn.Text("property_type"), SqlColumn.Text("property_value"), SqlColumn.Text("property_default"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<CreateSecurityIntegration>(CreateAsync)
            .On<AlterSecurityIntegrationSet>(AlterSetAsync)
            .On<AlterSecurityIntegrationUnset>(AlterUnsetAsync)
            .On<DropSecurityIntegration>(DropAsync)
            .On<ShowSecurityIntegrations>(ShowAsync)
            .On<DescribeSecurityIntegration>(DescribeAsync);
    }

    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateSecurityIntegration statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (!await IsAccountAdminAsync(context, cancellationToken))
        {
            return SecurityText.NotAllowed(ObjectKind.Account, SecurityText.Part(context.Session.AccountName));
        }

        SecurityIntegrationProperties given = statement.Properties;
        ExternalOAuthSettings settings = Apply(
            new ExternalOAuthSettings { Issuer = given.Issuer!, UserMappingClaims = [.. given.UserMappingClaims!] }, given);
        SqlError? invalid = Validate(settings);
        if (invalid is not null)
        {
            return invalid;
        }

        string name = statement.Name.Normalized;
        CreateMode mode = statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists;
        CreateResult<SecurityIntegrationRecord> created = await context.Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(context.AccountId, name, settings), mode, cancellationToken);
        string display = SecurityText.Part(name);
        return created.Status switch
        {
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(display)),
            CreateStatus.AlreadyExists => SqlErrors.Exists(display),
            _ => context.Status($"Integration {display} successfully created."),
        };
    }

    private static async Task<SqlResult<StatementOutcome>> AlterSetAsync(
        AlterSecurityIntegrationSet statement, StatementContext context, CancellationToken cancellationToken) =>
        await AlterAsync(statement.IfExists, statement.Name, settings => Apply(settings, statement.Properties), context, cancellationToken);

    private static async Task<SqlResult<StatementOutcome>> AlterUnsetAsync(
        AlterSecurityIntegrationUnset statement, StatementContext context, CancellationToken cancellationToken) =>
        await AlterAsync(statement.IfExists, statement.Name, settings => statement.Properties.Aggregate(settings, (current, property) => property switch
        {
            SecurityIntegrationProperty.Enabled => current with { Enabled = false },
            SecurityIntegrationProperty.AudienceList => current with { AudienceList = [] },
            SecurityIntegrationProperty.AnyRoleMode => current with { AnyRoleMode = AnyRoleMode.Disable },
            SecurityIntegrationProperty.ConsoleClientId => current with { ConsoleClientId = null },
            SecurityIntegrationProperty.ConsoleScope => current with { ConsoleScope = null },
            _ => current with { Comment = null },
        }), context, cancellationToken);

    private static async Task<SqlResult<StatementOutcome>> AlterAsync(
        bool ifExists, Identifier name, Func<ExternalOAuthSettings, ExternalOAuthSettings> change, StatementContext context, CancellationToken cancellationToken)
    {
        SecurityIntegrationRecord? integration = await FindVisibleAsync(context, name, cancellationToken);
        if (integration is null)
        {
            return ifExists ? context.Status(StatusMessages.Executed) : NotFound(name);
        }

        ExternalOAuthSettings settings = change(integration.Settings);
        SqlError? invalid = Validate(settings);
        if (invalid is not null)
        {
            return invalid;
        }

        return await context.Store.UpdateSecurityIntegrationAsync(context.AccountId, integration.Id, settings, cancellationToken)
            ? context.Status(StatusMessages.Executed)
            : NotFound(name);
    }

    private static async Task<SqlResult<StatementOutcome>> DropAsync(
        DropSecurityIntegration statement, StatementContext context, CancellationToken cancellationToken)
    {
        string display = SecurityText.Part(statement.Name.Normalized);
        SecurityIntegrationRecord? integration = await FindVisibleAsync(context, statement.Name, cancellationToken);
        bool dropped = integration is not null
            && await context.Store.DropSecurityIntegrationAsync(context.AccountId, integration.Id, cancellationToken);
        return dropped ? context.Status(StatusMessages.Dropped(display))
            : statement.IfExists ? context.Status(StatusMessages.AlreadyDropped(display))
            : NotFound(statement.Name);
    }

    /// <summary>The account's integrations, by name; none for a session without ACCOUNTADMIN.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(
        ShowSecurityIntegrations statement, StatementContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<SecurityIntegrationRecord> integrations = await IsAccountAdminAsync(context, cancellationToken)
            ? await context.Store.ListSecurityIntegrationsAsync(context.AccountId, cancellationToken)
            : [];
        List<IReadOnlyList<string?>> rows =
        [
            .. integrations.Where(integration => SqlFormat.Like(integration.Name, statement.Like)).Select(integration => (string?[])
            [
                integration.Name,
                "EXTERNAL_OAUTH - " + integration.Settings.Type.ToSql(),
                Category,
                SqlFormat.Boolean(integration.Settings.Enabled),
                integration.Settings.Comment,
                SqlFormat.Timestamp(integration.CreatedOn),
            ]),
        ];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    /// <summary>One row per property: its name, type, value and default, as Snowflake describes an integration.</summary>
    private static async Task<SqlResult<StatementOutcome>> DescribeAsync(
        DescribeSecurityIntegration statement, StatementContext context, CancellationToken cancellationToken)
    {
        SecurityIntegrationRecord? integration = await FindVisibleAsync(context, statement.Name, cancellationToken);
        if (integration is null)
        {
            return NotFound(statement.Name);
        }

        ExternalOAuthSettings settings = integration.Settings;
        List<IReadOnlyList<string?>> rows =
        [
            ["ENABLED", "Boolean", SqlFormat.Boolean(settings.Enabled), "false"],
            ["EXTERNAL_OAUTH_TYPE", "String", settings.Type.ToSql(), ""],
            ["EXTERNAL_OAUTH_ISSUER", "String", settings.Issuer, ""],
            ["EXTERNAL_OAUTH_JWS_KEYS_URL", "Object", settings.JwsKeysUrl ?? "", ""],
            ["EXTERNAL_OAUTH_AUDIENCE_LIST", "List", string.Join(",", settings.AudienceList), "[]"],
            ["EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM", "List", "['" + string.Join("', '", settings.UserMappingClaims) + "']", "[]"],
            ["EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE", "String", settings.MappingAttribute.ToSql(), "LOGIN_NAME"],
            ["EXTERNAL_OAUTH_ANY_ROLE_MODE", "String", settings.AnyRoleMode.ToSql(), "DISABLE"],
            ["EXTERNAL_OAUTH_CONSOLE_CLIENT_ID", "String", settings.ConsoleClientId ?? "", ""],
            ["EXTERNAL_OAUTH_CONSOLE_SCOPE", "String", settings.ConsoleScope ?? "openid", "openid"],
            ["COMMENT", "String", settings.Comment ?? "", ""],
        ];
        return new StatementOutcome(new SqlStatementResult(DescribeColumns, rows), context.Session);
    }

    private static ExternalOAuthSettings Apply(ExternalOAuthSettings settings, SecurityIntegrationProperties given) => settings with
    {
        Enabled = given.Enabled ?? settings.Enabled,
        Type = given.OAuthType ?? settings.Type,
        Issuer = given.Issuer ?? settings.Issuer,
        JwsKeysUrl = given.JwsKeysUrl ?? settings.JwsKeysUrl,
        AudienceList = given.AudienceList is { } audiences ? [.. audiences] : settings.AudienceList,
        UserMappingClaims = given.UserMappingClaims is { } claims ? [.. claims] : settings.UserMappingClaims,
        MappingAttribute = given.MappingAttribute ?? settings.MappingAttribute,
        AnyRoleMode = given.AnyRoleMode ?? settings.AnyRoleMode,
        ConsoleClientId = given.ConsoleClientId ?? settings.ConsoleClientId,
        ConsoleScope = given.ConsoleScope ?? settings.ConsoleScope,
        Comment = given.Comment ?? settings.Comment,
    };

    /// <summary>
    /// The values a working integration needs: an issuer, claims, and a keys URL that is <c>https</c> (or
    /// <c>http</c> on a loopback address only, where no one can tamper with the keys on the way).
    /// </summary>
    private static SqlError? Validate(ExternalOAuthSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Issuer))
        {
            return SqlErrors.UnsupportedValue(settings.Issuer, "EXTERNAL_OAUTH_ISSUER", "the issuer cannot be empty");
        }

        if (settings.UserMappingClaims.Count == 0 || settings.UserMappingClaims.Any(string.IsNullOrWhiteSpace))
        {
            return SqlErrors.UnsupportedValue("", "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM", "a claim name cannot be empty");
        }

        if (settings.AudienceList.Any(string.IsNullOrWhiteSpace))
        {
            return SqlErrors.UnsupportedValue("", "EXTERNAL_OAUTH_AUDIENCE_LIST", "an audience cannot be empty");
        }

        if (settings.ConsoleClientId is { } clientId && string.IsNullOrWhiteSpace(clientId))
        {
            return SqlErrors.UnsupportedValue("", "EXTERNAL_OAUTH_CONSOLE_CLIENT_ID", "a client id cannot be empty; UNSET it to remove the console's sign-in");
        }

        if (settings.ConsoleScope is { } scope && string.IsNullOrWhiteSpace(scope))
        {
            return SqlErrors.UnsupportedValue("", "EXTERNAL_OAUTH_CONSOLE_SCOPE", "the scope cannot be empty; UNSET it for 'openid'");
        }

        if (settings.AnyRoleMode == AnyRoleMode.EnableForPrivilege)
        {
            return SqlErrors.UnsupportedValue(
                "ENABLE_FOR_PRIVILEGE", "EXTERNAL_OAUTH_ANY_ROLE_MODE", "Floe has no USE_ANY_ROLE privilege; use DISABLE or ENABLE");
        }

        string url = settings.JwsKeysUrl ?? "";
        bool secure = Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && string.IsNullOrEmpty(uri.UserInfo);
        return secure ? null : SqlErrors.UnsupportedValue(
            url, "EXTERNAL_OAUTH_JWS_KEYS_URL", "it must be an https URL (http only on a loopback address)");
    }

    /// <summary>The integration when it exists and the session may see it (ACCOUNTADMIN), else <c>null</c>.</summary>
    private static async Task<SecurityIntegrationRecord?> FindVisibleAsync(StatementContext context, Identifier name, CancellationToken cancellationToken) =>
        await IsAccountAdminAsync(context, cancellationToken)
            ? await context.Store.FindSecurityIntegrationAsync(context.AccountId, name.Normalized, cancellationToken)
            : null;

    private static SqlError NotFound(Identifier name) => SqlErrors.NotFound("Integration", SecurityText.Part(name.Normalized));

    private static async Task<bool> IsAccountAdminAsync(StatementContext context, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return roles.Effective.Contains(SystemRoles.AccountAdmin);
    }
}
