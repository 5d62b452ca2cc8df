using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.StoreSetup;

namespace Floe.Sql.Tests.Execution;

public sealed class AccountAreaTests : EngineTestBase
{
    private const string CreateAcme = "CREATE ACCOUNT acme ADMIN_NAME = boss ADMIN_PASSWORD = 'acme-password' COMMENT = 'the customer'";

    private static readonly SqlError NotOrgAdmin =
        new("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on account 'DEV'");

    [Fact]
    public async Task CreateAccount_AsOrgAdmin_ProvisionsTheAccountAndItsAdmin()
    {
        SqlStatementResult result = await Harness.OkAsync(Admin, CreateAcme);

        Assert.Equal("Account ACME successfully created.", Status(result));
        AccountRecord acme = await AcmeAsync();
        Assert.Equal("the customer", acme.Comment);
        Assert.False(acme.IsOrganizationAccount);
        UserRecord? boss = await Harness.Store.FindUserAsync(acme.Id, "BOSS", CancellationToken.None);
        Assert.NotNull(boss);
        Assert.True(PasswordHasher.Verify("acme-password", boss.PasswordHash));
        Assert.DoesNotContain("acme-password", boss.PasswordHash, StringComparison.Ordinal);
        SqlSession bossSession = await Harness.SessionForAsync("BOSS", SystemRoles.AccountAdmin, account: acme);
        Assert.Equal(
            ["BOSS", "ACCOUNTADMIN", "ACME"],
            (await Harness.OkAsync(bossSession, "SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_ACCOUNT()")).Rows[0]);
        Assert.Null(await Harness.Store.FindRoleAsync(acme.Id, SystemRoles.OrgAdmin, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAccount_NameTaken_Fails002002()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE ACCOUNT DEV ADMIN_NAME = X ADMIN_PASSWORD = 'pw'");

        Assert.Equal(new SqlError("002002", "42710", "SQL compilation error:\nObject 'DEV' already exists."), error);
    }

    [Theory]
    [InlineData("CREATE ACCOUNT \"my acct\" ADMIN_NAME = X ADMIN_PASSWORD = 'pw'", "my acct")]
    [InlineData("CREATE ACCOUNT \"acme\" ADMIN_NAME = X ADMIN_PASSWORD = 'pw'", "acme")]
    [InlineData("CREATE ACCOUNT acme_ ADMIN_NAME = X ADMIN_PASSWORD = 'pw'", "acme_")]
    [InlineData("CREATE ACCOUNT _acme ADMIN_NAME = X ADMIN_PASSWORD = 'pw'", "_acme")]
    [InlineData("CREATE ACCOUNT acme$1 ADMIN_NAME = X ADMIN_PASSWORD = 'pw'", "acme$1")]
    public async Task CreateAccount_NameThatCannotBeAHost_Fails001422(string sql, string shown)
    {
        SqlError error = await Harness.FailAsync(Admin, sql);

        Assert.Equal(("001422", "22023"), (error.Code, error.SqlState));
        Assert.StartsWith($"SQL compilation error:\ninvalid value '{shown}' for property 'NAME'", error.Message, StringComparison.Ordinal);
        Assert.Single(await Harness.Store.ListAccountsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateAccount_EmptyPassword_Fails001422()
    {
        SqlError error = await Harness.FailAsync(Admin, "CREATE ACCOUNT ACME ADMIN_NAME = X ADMIN_PASSWORD = ''");

        Assert.Equal(new SqlError("001422", "22023", "SQL compilation error:\ninvalid value '' for property 'ADMIN_PASSWORD'"), error);
    }

    [Theory]
    [InlineData(CreateAcme)]
    [InlineData("DROP ACCOUNT ACME")]
    [InlineData("DROP ACCOUNT IF EXISTS NOPE")]
    [InlineData("SHOW ACCOUNTS")]
    public async Task AccountStatements_WithoutOrgAdmin_Fail003001BeforeAnythingChanges(string sql)
    {
        SqlSession nobody = await Harness.UserAsync("ALICE", ["NOBODY"]);
        SqlSession accountAdminOnly = Admin with { SecondaryRolesAll = false };

        Assert.Equal(NotOrgAdmin, await Harness.FailAsync(nobody, sql));
        Assert.Equal(NotOrgAdmin, await Harness.FailAsync(accountAdminOnly, sql));
        Assert.Single(await Harness.Store.ListAccountsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AccountStatements_InAnotherAccount_AreRefusedEvenToItsAccountAdmin()
    {
        await Harness.OkAsync(Admin, CreateAcme);
        SqlSession boss = await Harness.SessionForAsync("BOSS", SystemRoles.AccountAdmin, account: await AcmeAsync());

        SqlError error = await Harness.FailAsync(boss, "SHOW ACCOUNTS");

        Assert.Equal(new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on account 'ACME'"), error);
    }

    [Fact]
    public async Task DropAccount_AnotherAccount_DropsItAndTellsTheHostRouting()
    {
        List<string> dropped = [];
        SqlEngine engine = StatementAreas.CreateEngine(Harness.Services with
        {
            Options = Harness.Services.Options with { AccountDropped = dropped.Add },
        });
        await Harness.OkAsync(Admin, CreateAcme);

        SqlBatchResult result = await engine.ExecuteAsync(Admin, "DROP ACCOUNT acme", CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal("ACME successfully dropped.", Status(result.Results[0]));
        Assert.Equal(["ACME"], dropped);
        Assert.Null(await Harness.Store.FindAccountAsync("ACME", CancellationToken.None));
    }

    [Fact]
    public async Task DropAccount_OrganizationAccount_Fails002043()
    {
        SqlError error = await Harness.FailAsync(Admin, "DROP ACCOUNT DEV");

        Assert.Equal(("002043", "22023"), (error.Code, error.SqlState));
        Assert.StartsWith("SQL compilation error:\nCannot drop account 'DEV'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await Harness.Store.FindAccountAsync("DEV", CancellationToken.None));
    }

    [Fact]
    public async Task DropAccount_Missing_Fails002003()
    {
        SqlError error = await Harness.FailAsync(Admin, "DROP ACCOUNT NOPE");

        Assert.Equal(new SqlError("002003", "02000", "SQL compilation error:\nAccount 'NOPE' does not exist or not authorized."), error);
    }

    [Fact]
    public async Task DropAccount_IfExistsMissing_Succeeds()
    {
        Assert.Equal("Drop statement executed successfully (NOPE already dropped).", Status(await Harness.OkAsync(Admin, "DROP ACCOUNT IF EXISTS NOPE")));
    }

    [Fact]
    public async Task ShowAccounts_AsOrgAdmin_ListsEveryAccountWithItsHost()
    {
        await Harness.OkAsync(Admin, CreateAcme);

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW ACCOUNTS");

        Assert.Equal(
            ["organization_name", "account_name", "created_on", "comment", "account_url", "is_org_admin"],
            result.Columns.Select(column => column.Name));
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["LOCAL", "ACME"], result.Rows[0].Take(2));
        Assert.Equal(["the customer", "local-acme.registry.localhost:5000", "false"], result.Rows[0].Skip(3));
        Assert.Equal(["LOCAL", "DEV"], result.Rows[1].Take(2));
        Assert.Equal([null, "local-dev.registry.localhost:5000", "true"], result.Rows[1].Skip(3));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", result.Rows[0][2]);
    }

    [Fact]
    public async Task ShowAccounts_Like_FiltersByNameCaseInsensitively()
    {
        await Harness.OkAsync(Admin, CreateAcme);

        SqlStatementResult result = await Harness.OkAsync(Admin, "SHOW ACCOUNTS LIKE 'ac%'");

        Assert.Equal(["ACME"], EngineHarness.Column(result, "account_name"));
    }

    [Fact]
    public async Task Accounts_ObjectsOfOneAccount_AreInvisibleInTheOther()
    {
        await Harness.OkAsync(Admin, CreateAcme);
        SqlSession boss = await Harness.SessionForAsync("BOSS", SystemRoles.AccountAdmin, account: await AcmeAsync());
        await Harness.OkAsync(boss, "CREATE DATABASE SECRET; CREATE IMAGE REPOSITORY HIDDEN; CREATE DATABASE SHARED");
        await Harness.OkAsync(Admin, "CREATE DATABASE SHARED");

        Assert.Equal(["SHARED"], EngineHarness.Column(await Harness.OkAsync(Admin, "SHOW DATABASES"), "name"));
        Assert.Empty((await Harness.OkAsync(Admin, "SHOW IMAGE REPOSITORIES IN ACCOUNT")).Rows);
        Assert.Equal("002003", (await Harness.FailAsync(Admin, "USE DATABASE SECRET")).Code);
        Assert.Equal("002003", (await Harness.FailAsync(Admin, "DROP DATABASE SECRET")).Code);
        Assert.Equal("002003", (await Harness.FailAsync(Admin, "DROP IMAGE REPOSITORY SECRET.PUBLIC.HIDDEN")).Code);
        Assert.Equal(["SECRET", "SHARED"], EngineHarness.Column(await Harness.OkAsync(boss, "SHOW DATABASES"), "name"));
        Assert.Equal(["HIDDEN"], EngineHarness.Column(await Harness.OkAsync(boss, "SHOW IMAGE REPOSITORIES IN ACCOUNT"), "name"));
    }

    private async Task<AccountRecord> AcmeAsync() =>
        await Harness.Store.FindAccountAsync("ACME", CancellationToken.None) ?? throw new InvalidOperationException("no ACME");
}
