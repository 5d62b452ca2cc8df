using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Cli;
using Floe.Core.Security;
using Floe.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Tests.Hosting;

/// <summary>First start of a deployment against the real stores in a temporary data directory.</summary>
public sealed class BootstrapperTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "floe-bootstrap-" + Guid.NewGuid().ToString("N"));

    private string PasswordFile => Path.Combine(_dataDir, "admin-password");

    [Fact]
    public async Task CreateAsync_FirstStartWithoutPassword_ProvisionsTheOrganizationAccountAndAnOwnerOnlyPasswordFile()
    {
        await using WebApplication app = await StartAsync();
        IMetadataStore store = app.Services.GetRequiredService<IMetadataStore>();

        AccountRecord account = (await store.FindAccountAsync("DEV", CancellationToken.None))!;
        UserRecord admin = (await store.FindUserAsync(account.Id, "ADMIN", CancellationToken.None))!;
        string password = (await File.ReadAllTextAsync(PasswordFile)).TrimEnd('\n');

        Assert.True(account.IsOrganizationAccount);
        Assert.Equal(
            ["ACCOUNTADMIN", "ORGADMIN"],
            (await store.ListRolesGrantedToUserAsync(account.Id, admin.Id, CancellationToken.None)).Select(g => g.Role));
        Assert.Equal("ACCOUNTADMIN", admin.DefaultRole);
        Assert.True(PasswordHasher.Verify(password, admin.PasswordHash));
        Assert.True(password.Length >= 40);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        }
    }

    [Fact]
    public async Task CreateAsync_AdminPasswordGiven_AdminUsesItAndNoFileIsWritten()
    {
        await using WebApplication app = await StartAsync(("AdminPassword", "s3cret-Given"), ("AdminUser", "ROOT"));
        IMetadataStore store = app.Services.GetRequiredService<IMetadataStore>();

        AccountRecord account = (await store.FindAccountAsync("DEV", CancellationToken.None))!;
        UserRecord admin = (await store.FindUserAsync(account.Id, "ROOT", CancellationToken.None))!;

        Assert.True(PasswordHasher.Verify("s3cret-Given", admin.PasswordHash));
        Assert.False(File.Exists(PasswordFile));
    }

    [Fact]
    public async Task CreateAsync_SecondStartOnTheSameData_ChangesNothing()
    {
        string firstHash;
        await using (WebApplication first = await StartAsync(("AdminPassword", "first")))
        {
            IMetadataStore store = first.Services.GetRequiredService<IMetadataStore>();
            AccountRecord account = (await store.FindAccountAsync("DEV", CancellationToken.None))!;
            firstHash = (await store.FindUserAsync(account.Id, "ADMIN", CancellationToken.None))!.PasswordHash!;
        }

        await using WebApplication second = await StartAsync(("AdminPassword", "second"), ("BootstrapAccount", "DEV"));
        IMetadataStore reopened = second.Services.GetRequiredService<IMetadataStore>();
        AccountRecord dev = (await reopened.FindAccountAsync("DEV", CancellationToken.None))!;

        Assert.Equal(firstHash, (await reopened.FindUserAsync(dev.Id, "ADMIN", CancellationToken.None))!.PasswordHash);
        Assert.Equal(6, (await reopened.ListRolesAsync(dev.Id, CancellationToken.None)).Count);
        Assert.Single(await reopened.ListAccountsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_BootstrapAccountRenamedAfterFirstStart_NewAccountIsARegularOne()
    {
        await using (await StartAsync(("AdminPassword", "first")))
        {
        }

        await using WebApplication second = await StartAsync(("AdminPassword", "second"), ("BootstrapAccount", "PROD"));
        IMetadataStore store = second.Services.GetRequiredService<IMetadataStore>();
        AccountRecord prod = (await store.FindAccountAsync("PROD", CancellationToken.None))!;

        Assert.False(prod.IsOrganizationAccount);
        Assert.Null(await store.FindRoleAsync(prod.Id, SystemRoles.OrgAdmin, CancellationToken.None));
        Assert.True((await store.FindAccountAsync("DEV", CancellationToken.None))!.IsOrganizationAccount);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task<WebApplication> StartAsync(params (string Key, string Value)[] settings)
    {
        Dictionary<string, string?> values = new() { ["DataDir"] = _dataDir, ["PasswordHashIterations"] = "1000" };
        foreach ((string key, string value) in settings)
        {
            values[key] = value;
        }

        return await FloeServer.CreateAsync(values, configFile: null, Backends.All(), builder => builder.WebHost.UseTestServer());
    }
}
