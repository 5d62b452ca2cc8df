using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    [Fact]
    public async Task CreateAuthenticationPolicyAsync_NewName_ReturnsThePolicyInItsSchema()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        const AuthenticationMethods methods = AuthenticationMethods.KeyPair | AuthenticationMethods.ProgrammaticAccessToken;

        CreateResult<AuthenticationPolicyRecord> result = await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "NO_PASSWORD", methods, tenant.SecurityAdmin, "no passwords"), CreateMode.FailIfExists, Token);

        Assert.Equal(CreateStatus.Created, result.Status);
        Assert.Equal(
            new AuthenticationPolicyRecord(result.Value!.Id, tenant.Id, schema.Id, "DB", "PUBLIC", "NO_PASSWORD", methods, Start, "SECURITYADMIN", "no passwords"),
            result.Value);
        Assert.Equal(result.Value, await Store.FindAuthenticationPolicyAsync(tenant.Id, schema.Id, "NO_PASSWORD", Token));
        Assert.Equal([result.Value], await Store.ListAuthenticationPoliciesAsync(tenant.Id, Token));
    }

    [Fact]
    public async Task CreateAuthenticationPolicyAsync_ExistingThenOrReplace_AlreadyExistsThenReplaced()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        AuthenticationPolicyRecord first = await PolicyAsync(tenant, schema, AuthenticationMethods.Password);

        CreateResult<AuthenticationPolicyRecord> again = await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.KeyPair, tenant.SysAdmin), CreateMode.FailIfExists, Token);
        CreateResult<AuthenticationPolicyRecord> replaced = await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.KeyPair, tenant.SysAdmin), CreateMode.OrReplace, Token);

        Assert.Equal(new CreateResult<AuthenticationPolicyRecord>(CreateStatus.AlreadyExists, first), again);
        Assert.Equal(CreateStatus.Replaced, replaced.Status);
        Assert.Equal(AuthenticationMethods.KeyPair, replaced.Value!.Methods);
        Assert.NotEqual(first.Id, replaced.Value.Id);
    }

    [Fact]
    public async Task SetAuthenticationPolicy_OnAccountAndUser_UsersOwnWinsOverTheAccounts()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        AuthenticationPolicyRecord accountPolicy = await PolicyAsync(tenant, schema, AuthenticationMethods.All, "ACCOUNT_POLICY");
        AuthenticationPolicyRecord userPolicy = await PolicyAsync(tenant, schema, AuthenticationMethods.KeyPair, "USER_POLICY");
        UserRecord alice = await UserAsync(tenant, "ALICE");

        Assert.Null(await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, alice.Id, Token));
        Assert.True(await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, accountPolicy.Id, Token));
        Assert.Equal(AlterStatus.Altered, await Store.SetUserAuthenticationPolicyAsync(tenant.Id, alice.Id, userPolicy.Id, Token));

        Assert.Equal(userPolicy, await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, alice.Id, Token));
        Assert.Equal(accountPolicy, await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, Token));
        Assert.Equal(accountPolicy.Id, (await Store.FindAccountByIdAsync(tenant.Id, Token))!.AuthenticationPolicyId);
        Assert.Equal(userPolicy.Id, (await Store.FindUserByIdAsync(tenant.Id, alice.Id, Token))!.AuthenticationPolicyId);
    }

    [Fact]
    public async Task SetAuthenticationPolicy_Unset_FallsBackThenToNone()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        AuthenticationPolicyRecord policy = await PolicyAsync(tenant, schema, AuthenticationMethods.Password);
        await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, policy.Id, Token);
        await Store.SetUserAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, policy.Id, Token);

        Assert.Equal(AlterStatus.Altered, await Store.SetUserAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, null, Token));
        Assert.Equal(policy, await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, Token));
        Assert.True(await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, null, Token));
        Assert.Null(await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, Token));
    }

    [Fact]
    public async Task SetAuthenticationPolicy_PolicyOfAnotherAccount_Refused()
    {
        Tenant tenant = await TenantAsync();
        Tenant other = await TenantAsync("OTHER");
        AuthenticationPolicyRecord otherPolicy = await PolicyAsync(other, await PublicSchemaAsync(other, await DatabaseAsync(other)), AuthenticationMethods.Password);

        Assert.False(await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, otherPolicy.Id, Token));
        Assert.Equal(AlterStatus.NotFound, await Store.SetUserAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, otherPolicy.Id, Token));
        Assert.Equal(AlterStatus.NotFound, await Store.SetUserAuthenticationPolicyAsync(tenant.Id, other.AdminUserId, null, Token));
        Assert.Null(await Store.FindEffectiveAuthenticationPolicyAsync(tenant.Id, tenant.AdminUserId, Token));
        Assert.Null(await Store.FindAuthenticationPolicyByIdAsync(tenant.Id, otherPolicy.Id, Token));
    }

    [Fact]
    public async Task DropAuthenticationPolicyAsync_WhileSetThenAfterUnset_InUseThenDropped()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));
        AuthenticationPolicyRecord policy = await PolicyAsync(tenant, schema, AuthenticationMethods.Password);
        await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, policy.Id, Token);

        Assert.Equal(DropStatus.InUse, await Store.DropAuthenticationPolicyAsync(tenant.Id, policy.Id, Token));
        Assert.Equal(CreateStatus.Protected, (await Store.CreateAuthenticationPolicyAsync(
            new NewAuthenticationPolicy(tenant.Id, schema.Id, "P", AuthenticationMethods.All, tenant.SysAdmin), CreateMode.OrReplace, Token)).Status);
        await Store.SetAccountAuthenticationPolicyAsync(tenant.Id, null, Token);

        Assert.Equal(DropStatus.Dropped, await Store.DropAuthenticationPolicyAsync(tenant.Id, policy.Id, Token));
        Assert.Equal(DropStatus.NotFound, await Store.DropAuthenticationPolicyAsync(tenant.Id, policy.Id, Token));
        Assert.Empty(await Store.ListAuthenticationPoliciesAsync(tenant.Id, Token));
    }

    private async Task<AuthenticationPolicyRecord> PolicyAsync(Tenant tenant, SchemaRecord schema, AuthenticationMethods methods, string name = "P") =>
        Created(await Store.CreateAuthenticationPolicyAsync(new NewAuthenticationPolicy(tenant.Id, schema.Id, name, methods, tenant.SysAdmin), CreateMode.FailIfExists, Token));
}
