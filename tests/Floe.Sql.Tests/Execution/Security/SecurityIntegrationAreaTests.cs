using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>CREATE / ALTER / DROP / SHOW / DESCRIBE SECURITY INTEGRATION (External OAuth).</summary>
public sealed class SecurityIntegrationAreaTests : SecurityTests
{
    private const string Create =
        "CREATE SECURITY INTEGRATION idp TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
        "EXTERNAL_OAUTH_ISSUER = 'https://idp.example/' EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://idp.example/jwks' " +
        "EXTERNAL_OAUTH_AUDIENCE_LIST = ('floe') EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' " +
        "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'";

    private async Task<SecurityIntegrationRecord?> IntegrationAsync(string name = "IDP") =>
        await Harness.Store.FindSecurityIntegrationAsync(Harness.Account.Id, name, CancellationToken.None);

    [Fact]
    public async Task Create_AsAccountAdmin_StoresTheSettings()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, Create + " COMMENT = 'sso'");

        Assert.Equal("Integration IDP successfully created.", result.Rows[0][0]);
        ExternalOAuthSettings settings = (await IntegrationAsync())!.Settings;
        Assert.Equal(("https://idp.example/", "https://idp.example/jwks", true, AnyRoleMode.Disable, "sso"),
            (settings.Issuer, settings.JwsKeysUrl, settings.Enabled, settings.AnyRoleMode, settings.Comment));
        Assert.Equal(["floe"], settings.AudienceList);
        Assert.Equal(["sub"], settings.UserMappingClaims);
    }

    [Fact]
    public async Task Create_WithoutAccountAdmin_Fails003001()
    {
        SqlSession sysadmin = await Harness.SystemRoleUserAsync("SAM", SystemRoles.SysAdmin);

        SqlError error = await Harness.FailAsync(sysadmin, Create);

        Assert.Equal("003001", error.Code);
        Assert.Null(await IntegrationAsync());
    }

    [Fact]
    public async Task Create_Existing_Fails002002_IfNotExistsSucceeds_OrReplaceReplaces()
    {
        await Harness.OkAsync(Harness.Admin, Create);

        SqlError error = await Harness.FailAsync(Harness.Admin, Create);
        SqlStatementResult skipped = await Harness.OkAsync(Harness.Admin, Create.Replace("INTEGRATION idp", "INTEGRATION IF NOT EXISTS idp", StringComparison.Ordinal));
        await Harness.OkAsync(Harness.Admin, Create.Replace("CREATE", "CREATE OR REPLACE", StringComparison.Ordinal).Replace("ENABLED = TRUE", "ENABLED = FALSE", StringComparison.Ordinal));

        Assert.Equal(("002002", "IDP already exists, statement succeeded."), (error.Code, skipped.Rows[0][0]));
        Assert.False((await IntegrationAsync())!.Settings.Enabled);
    }

    [Theory]
    [InlineData("EXTERNAL_OAUTH_ISSUER = 'https://idp.example/' ", "missing required property 'EXTERNAL_OAUTH_ISSUER'")]
    [InlineData("EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://idp.example/jwks' ", "missing required property 'EXTERNAL_OAUTH_JWS_KEYS_URL'")]
    public async Task Create_MissingRequiredProperty_Fails001420(string removed, string message)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, Create.Replace(removed, "", StringComparison.Ordinal));

        Assert.Equal("001420", error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'https://idp.example/jwks'", "'http://idp.example/jwks'")]
    [InlineData("'https://idp.example/jwks'", "'file:///etc/passwd'")]
    [InlineData("TYPE = EXTERNAL_OAUTH", "TYPE = SAML2")]
    [InlineData("'LOGIN_NAME'", "'LOGIN_NAME' EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE_FOR_PRIVILEGE")]
    public async Task Create_UnsupportedValue_Fails001422(string original, string replacement)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, Create.Replace(original, replacement, StringComparison.Ordinal));

        Assert.Equal("001422", error.Code);
        Assert.Null(await IntegrationAsync());
    }

    [Fact]
    public async Task Create_HttpKeysUrlOnLoopback_Accepted()
    {
        await Harness.OkAsync(Harness.Admin, Create.Replace("'https://idp.example/jwks'", "'http://127.0.0.1:8080/jwks'", StringComparison.Ordinal));

        Assert.Equal("http://127.0.0.1:8080/jwks", (await IntegrationAsync())!.Settings.JwsKeysUrl);
    }

    [Fact]
    public async Task AlterSetAndUnset_ChangeOnlyTheNamedProperties()
    {
        await Harness.OkAsync(Harness.Admin, Create + " COMMENT = 'sso'");

        await Harness.OkAsync(Harness.Admin, "ALTER SECURITY INTEGRATION idp SET EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE' EXTERNAL_OAUTH_AUDIENCE_LIST = ('a', 'b')");
        await Harness.OkAsync(Harness.Admin, "ALTER INTEGRATION idp UNSET ENABLED, COMMENT");

        ExternalOAuthSettings settings = (await IntegrationAsync())!.Settings;
        Assert.Equal((AnyRoleMode.Enable, false, null, "https://idp.example/"), (settings.AnyRoleMode, settings.Enabled, settings.Comment, settings.Issuer));
        Assert.Equal(["a", "b"], settings.AudienceList);
    }

    [Fact]
    public async Task ConsoleClientId_SetDescribedAndUnset_KeptPerIntegration()
    {
        await Harness.OkAsync(Harness.Admin, Create + " EXTERNAL_OAUTH_CONSOLE_CLIENT_ID = 'floe_console' EXTERNAL_OAUTH_CONSOLE_SCOPE = 'openid api://floe/x'");
        SqlStatementResult describe = await Harness.OkAsync(Harness.Admin, "DESCRIBE SECURITY INTEGRATION idp");
        ExternalOAuthSettings created = (await IntegrationAsync())!.Settings;

        await Harness.OkAsync(Harness.Admin, "ALTER SECURITY INTEGRATION idp UNSET EXTERNAL_OAUTH_CONSOLE_CLIENT_ID, EXTERNAL_OAUTH_CONSOLE_SCOPE");
        SqlError empty = await Harness.FailAsync(Harness.Admin, "ALTER SECURITY INTEGRATION idp SET EXTERNAL_OAUTH_CONSOLE_CLIENT_ID = ' '");

        Assert.Equal(("floe_console", "openid api://floe/x"), (created.ConsoleClientId, created.ConsoleScope));
        Assert.Contains(Rows(describe), row => row["property"] == "EXTERNAL_OAUTH_CONSOLE_CLIENT_ID" && row["property_value"] == "floe_console");
        Assert.Equal((null, null), ((await IntegrationAsync())!.Settings.ConsoleClientId, (await IntegrationAsync())!.Settings.ConsoleScope));
        Assert.Equal("001422", empty.Code);
    }

    [Fact]
    public async Task AlterUnset_RequiredProperty_Fails001420()
    {
        await Harness.OkAsync(Harness.Admin, Create);

        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER SECURITY INTEGRATION idp UNSET EXTERNAL_OAUTH_ISSUER");

        Assert.Equal("001420", error.Code);
    }

    [Fact]
    public async Task AlterAndDrop_Missing_Fail002003_IfExistsSucceeds()
    {
        SqlError alter = await Harness.FailAsync(Harness.Admin, "ALTER SECURITY INTEGRATION nope SET ENABLED = TRUE");
        SqlError drop = await Harness.FailAsync(Harness.Admin, "DROP SECURITY INTEGRATION nope");
        await Harness.OkAsync(Harness.Admin, "ALTER SECURITY INTEGRATION IF EXISTS nope SET ENABLED = TRUE");
        SqlStatementResult dropped = await Harness.OkAsync(Harness.Admin, "DROP INTEGRATION IF EXISTS nope");

        Assert.Equal("SQL compilation error:\nIntegration 'NOPE' does not exist or not authorized.", alter.Message);
        Assert.Equal("002003", drop.Code);
        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", dropped.Rows[0][0]);
    }

    [Fact]
    public async Task Drop_AsAccountAdmin_RemovesIt()
    {
        await Harness.OkAsync(Harness.Admin, Create);

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "DROP SECURITY INTEGRATION idp");

        Assert.Equal("IDP successfully dropped.", result.Rows[0][0]);
        Assert.Null(await IntegrationAsync());
    }

    [Fact]
    public async Task ShowAndDescribe_AsAccountAdmin_SnowflakesColumns()
    {
        await Harness.OkAsync(Harness.Admin, Create + " COMMENT = 'sso'");

        SqlStatementResult show = await Harness.OkAsync(Harness.Admin, "SHOW SECURITY INTEGRATIONS LIKE 'id%'");
        SqlStatementResult describe = await Harness.OkAsync(Harness.Admin, "DESC SECURITY INTEGRATION idp");

        Assert.Equal(["name", "type", "category", "enabled", "comment", "created_on"], ColumnNames(show));
        Assert.Equal(("IDP", "EXTERNAL_OAUTH - CUSTOM", "SECURITY", "true", "sso"),
            (show.Rows[0][0], show.Rows[0][1], show.Rows[0][2], show.Rows[0][3], show.Rows[0][4]));
        Assert.Equal(["property", "property_type", "property_value", "property_default"], ColumnNames(describe));
        Assert.Contains(Rows(describe), row => row["property"] == "EXTERNAL_OAUTH_ISSUER" && row["property_value"] == "https://idp.example/");
    }

    [Fact]
    public async Task ShowAndDescribe_WithoutAccountAdmin_SeeNothing()
    {
        await Harness.OkAsync(Harness.Admin, Create);
        SqlSession sysadmin = await Harness.SystemRoleUserAsync("SAM", SystemRoles.SysAdmin);

        SqlStatementResult show = await Harness.OkAsync(sysadmin, "SHOW SECURITY INTEGRATIONS");
        SqlError describe = await Harness.FailAsync(sysadmin, "DESCRIBE SECURITY INTEGRATION idp");
        SqlError drop = await Harness.FailAsync(sysadmin, "DROP SECURITY INTEGRATION idp");

        Assert.Empty(show.Rows);
        Assert.Equal(("002003", "002003"), (describe.Code, drop.Code));
        Assert.NotNull(await IntegrationAsync());
    }

    [Fact]
    public async Task Integrations_OfAnotherAccount_AreNeitherShownNorDropped()
    {
        await Harness.OkAsync(Harness.Admin, Create);
        (_, SqlSession otherAdmin) = await Harness.SecondAccountAsync();

        SqlStatementResult show = await Harness.OkAsync(otherAdmin, "SHOW SECURITY INTEGRATIONS");
        SqlError drop = await Harness.FailAsync(otherAdmin, "DROP SECURITY INTEGRATION idp");

        Assert.Empty(show.Rows);
        Assert.Equal("002003", drop.Code);
        Assert.NotNull(await IntegrationAsync());
    }

    [Fact]
    public async Task AuthenticationPolicy_OAuthMethod_Stored()
    {
        await Harness.NewDatabaseAsync("D");

        await Harness.OkAsync(Harness.Admin, "CREATE AUTHENTICATION POLICY d.public.sso_only AUTHENTICATION_METHODS = ('OAUTH')");

        SchemaRecord schema = await Harness.SchemaRecordAsync("D");
        AuthenticationPolicyRecord policy = (await Harness.Store.FindAuthenticationPolicyAsync(Harness.Account.Id, schema.Id, "SSO_ONLY", CancellationToken.None))!;
        Assert.Equal(AuthenticationMethods.OAuth, policy.Methods);
    }
}
