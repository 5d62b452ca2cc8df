using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    private static ExternalOAuthSettings IdpSettings(string issuer = "https://idp.example/") => new()
    {
        Enabled = true,
        Issuer = issuer,
        JwsKeysUrl = issuer + "jwks",
        AudienceList = ["floe", "https://acme.registry.example"],
        UserMappingClaims = ["preferred_username", "sub"],
        AnyRoleMode = AnyRoleMode.Enable,
        ConsoleClientId = "floe_console",
        Comment = "company SSO",
    };

    [Fact]
    public async Task CreateSecurityIntegrationAsync_NewName_FoundAndListedWithItsSettings()
    {
        Tenant tenant = await TenantAsync();

        CreateResult<SecurityIntegrationRecord> result = await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(tenant.Id, "IDP", IdpSettings()), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        SecurityIntegrationRecord found = (await Store.FindSecurityIntegrationAsync(tenant.Id, "IDP", Token))!;
        Assert.Equal((result.Value!.Id, "IDP", Start), (found.Id, found.Name, found.CreatedOn));
        Assert.Equal(IdpSettings().ToJson(), found.Settings.ToJson());
        Assert.Equal(["floe", "https://acme.registry.example"], found.Settings.AudienceList);
        Assert.Equal("floe_console", found.Settings.ConsoleClientId);
        Assert.Equal([found.Id], (await Store.ListSecurityIntegrationsAsync(tenant.Id, Token)).Select(integration => integration.Id));
    }

    [Fact]
    public async Task CreateSecurityIntegrationAsync_ExistingThenOrReplace_AlreadyExistsThenNewSettings()
    {
        Tenant tenant = await TenantAsync();
        SecurityIntegrationRecord first = Created(await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(tenant.Id, "IDP", IdpSettings()), CreateMode.FailIfExists, Token));

        CreateResult<SecurityIntegrationRecord> again = await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(tenant.Id, "IDP", IdpSettings("https://other.example/")), CreateMode.FailIfExists, Token);
        CreateResult<SecurityIntegrationRecord> replaced = await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(tenant.Id, "IDP", IdpSettings("https://other.example/")), CreateMode.OrReplace, Token);

        Assert.Equal((CreateStatus.AlreadyExists, first.Id), (again.Status, again.Value!.Id));
        Assert.Equal(CreateStatus.Replaced, replaced.Status);
        Assert.Equal("https://other.example/", (await Store.FindSecurityIntegrationAsync(tenant.Id, "IDP", Token))!.Settings.Issuer);
        Assert.Single(await Store.ListSecurityIntegrationsAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task UpdateAndDropSecurityIntegrationAsync_OfAnotherAccount_ChangeNothing()
    {
        Tenant acme = await TenantAsync("ACME");
        Tenant other = await TenantAsync("OTHER");
        SecurityIntegrationRecord integration = Created(await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(acme.Id, "IDP", IdpSettings()), CreateMode.FailIfExists, Token));

        Assert.False(await Store.UpdateSecurityIntegrationAsync(other.Id, integration.Id, IdpSettings() with { Enabled = false }, Token));
        Assert.False(await Store.DropSecurityIntegrationAsync(other.Id, integration.Id, Token));
        Assert.Null(await Store.FindSecurityIntegrationAsync(other.Id, "IDP", Token));
        Assert.Empty(await Store.ListSecurityIntegrationsAsync(other.Id, Token));
        Assert.True((await Store.FindSecurityIntegrationAsync(acme.Id, "IDP", Token))!.Settings.Enabled);
    }

    [Fact]
    public async Task UpdateThenDropSecurityIntegrationAsync_OwnAccount_ChangedThenGone()
    {
        Tenant tenant = await TenantAsync();
        SecurityIntegrationRecord integration = Created(await Store.CreateSecurityIntegrationAsync(
            new NewSecurityIntegration(tenant.Id, "IDP", IdpSettings()), CreateMode.FailIfExists, Token));

        Assert.True(await Store.UpdateSecurityIntegrationAsync(tenant.Id, integration.Id, IdpSettings() with { Enabled = false, Comment = null }, Token));
        SecurityIntegrationRecord updated = (await Store.FindSecurityIntegrationAsync(tenant.Id, "IDP", Token))!;
        Assert.Equal((false, null), (updated.Settings.Enabled, updated.Settings.Comment));

        Assert.True(await Store.DropSecurityIntegrationAsync(tenant.Id, integration.Id, Token));
        Assert.Null(await Store.FindSecurityIntegrationAsync(tenant.Id, "IDP", Token));
    }

    [Fact]
    public async Task CreateAuthenticationPolicyAsync_OAuthOnly_KeepsTheOAuthMethod()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));

        AuthenticationPolicyRecord policy = await PolicyAsync(tenant, schema, AuthenticationMethods.OAuth, "SSO_ONLY");
        AuthenticationPolicyRecord all = await PolicyAsync(tenant, schema, AuthenticationMethods.All, "EVERYTHING");

        Assert.Equal(AuthenticationMethods.OAuth, (await Store.FindAuthenticationPolicyByIdAsync(tenant.Id, policy.Id, Token))!.Methods);
        Assert.Equal(AuthenticationMethods.All, (await Store.FindAuthenticationPolicyByIdAsync(tenant.Id, all.Id, Token))!.Methods);
    }
}
