using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>ALTER ACCOUNT / ALTER USER SET | UNSET AUTHENTICATION POLICY.</summary>
public sealed class PolicyAttachmentAreaTests : SecurityTests
{
    private SqlSession InD => Harness.Admin with { Database = "D", Schema = "PUBLIC" };

    private async Task CreatePoliciesAsync()
    {
        await Harness.NewDatabaseAsync("D");
        await Harness.OkAsync(InD,
            "CREATE AUTHENTICATION POLICY no_password AUTHENTICATION_METHODS = ('PROGRAMMATIC_ACCESS_TOKEN', 'KEYPAIR'); "
            + "CREATE AUTHENTICATION POLICY password_only AUTHENTICATION_METHODS = ('PASSWORD')");
    }

    private async Task<string?> EffectivePolicyAsync(string user)
    {
        UserRecord record = (await Harness.UserRecordAsync(user))!;
        AuthenticationPolicyRecord? policy = await Harness.Store.FindEffectiveAuthenticationPolicyAsync(Harness.Account.Id, record.Id, CancellationToken.None);
        return policy?.Name;
    }

    [Fact]
    public async Task SetAccountPolicy_AccountAdmin_GovernsEveryUserUntilUnset()
    {
        await CreatePoliciesAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlStatementResult result = await Harness.OkAsync(InD, "ALTER ACCOUNT SET AUTHENTICATION POLICY no_password");
        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        Assert.Equal("NO_PASSWORD", await EffectivePolicyAsync("BOB"));

        await Harness.OkAsync(Harness.Admin, "ALTER ACCOUNT UNSET AUTHENTICATION POLICY");
        Assert.Null(await EffectivePolicyAsync("BOB"));
    }

    [Fact]
    public async Task SetAccountPolicy_NotAccountAdmin_Fails003001()
    {
        await CreatePoliciesAsync();
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        SqlError set = await Harness.FailAsync(securityAdmin, "ALTER ACCOUNT SET AUTHENTICATION POLICY d.public.no_password");
        SqlError unset = await Harness.FailAsync(securityAdmin, "ALTER ACCOUNT UNSET AUTHENTICATION POLICY");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on account 'DEV'", set.Message);
        Assert.Equal("003001", unset.Code);
        AccountRecord account = (await Harness.Store.FindAccountByIdAsync(Harness.Account.Id, CancellationToken.None))!;
        Assert.Null(account.AuthenticationPolicyId);
    }

    [Fact]
    public async Task SetUserPolicy_OverridesTheAccountsForThatUser()
    {
        await CreatePoliciesAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob; CREATE USER carol");

        await Harness.OkAsync(InD, "ALTER ACCOUNT SET AUTHENTICATION POLICY no_password; ALTER USER bob SET AUTHENTICATION POLICY password_only");

        Assert.Equal("PASSWORD_ONLY", await EffectivePolicyAsync("BOB"));
        Assert.Equal("NO_PASSWORD", await EffectivePolicyAsync("CAROL"));
        await Harness.OkAsync(Harness.Admin, "ALTER USER bob UNSET AUTHENTICATION POLICY");
        Assert.Equal("NO_PASSWORD", await EffectivePolicyAsync("BOB"));
    }

    [Fact]
    public async Task SetUserPolicy_DescribeUserShowsIt()
    {
        await CreatePoliciesAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        await Harness.OkAsync(Harness.Admin, "ALTER USER bob SET AUTHENTICATION POLICY d.public.no_password");

        var rows = (await Harness.OkAsync(Harness.Admin, "DESCRIBE USER bob")).Rows;
        Assert.Equal("D.PUBLIC.NO_PASSWORD", rows.Single(row => row[0] == "AUTHENTICATION_POLICY")[1]);
    }

    [Fact]
    public async Task SetUserPolicy_OwnerOfTheUser_IsAllowed()
    {
        await CreatePoliciesAsync();
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE USER bob");
        await Harness.OkAsync(Harness.Admin,
            "GRANT OWNERSHIP ON AUTHENTICATION POLICY d.public.no_password TO ROLE useradmin; " + UsageOnDPublic("useradmin"));

        await Harness.OkAsync(userAdmin, "ALTER USER bob SET AUTHENTICATION POLICY d.public.no_password");

        Assert.Equal("NO_PASSWORD", await EffectivePolicyAsync("BOB"));
    }

    [Fact]
    public async Task SetUserPolicy_PolicyInvisibleToTheOwner_Fails002003()
    {
        await CreatePoliciesAsync();
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE USER bob");

        SqlError error = await Harness.FailAsync(userAdmin, "ALTER USER bob SET AUTHENTICATION POLICY d.public.no_password");

        Assert.Equal("SQL compilation error:\nAuthentication Policy 'D.PUBLIC.NO_PASSWORD' does not exist or not authorized.", error.Message);
        Assert.Null(await EffectivePolicyAsync("BOB"));
    }

    [Fact]
    public async Task SetUserPolicy_SelfWithoutOwnership_Fails003001()
    {
        await CreatePoliciesAsync();
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "TEAM");

        SqlError error = await Harness.FailAsync(carol, "ALTER USER carol UNSET AUTHENTICATION POLICY");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on user 'CAROL'", error.Message);
    }

    [Fact]
    public async Task SetUserPolicy_MissingUserOrPolicy()
    {
        await CreatePoliciesAsync();
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlError user = await Harness.FailAsync(InD, "ALTER USER ghost SET AUTHENTICATION POLICY no_password");
        SqlStatementResult ifExists = await Harness.OkAsync(InD, "ALTER USER IF EXISTS ghost SET AUTHENTICATION POLICY no_password");
        SqlError policy = await Harness.FailAsync(InD, "ALTER USER bob SET AUTHENTICATION POLICY ghost");

        Assert.Equal("SQL compilation error:\nUser 'GHOST' does not exist or not authorized.", user.Message);
        Assert.Equal("Statement executed successfully.", ifExists.Rows[0][0]);
        Assert.Equal("SQL compilation error:\nAuthentication Policy 'D.PUBLIC.GHOST' does not exist or not authorized.", policy.Message);
    }
}
