using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;

namespace Floe.Sql.Tests.Execution;

public sealed class PrimaryRoleRevocationTests : IAsyncLifetime
{
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await EngineHarness.StartAsync();
        await _engine.OkAsync(_engine.Admin, "CREATE ROLE builder; CREATE USER dev PASSWORD = 'dev-password-1'; GRANT ROLE builder TO USER dev; GRANT CREATE DATABASE ON ACCOUNT TO ROLE builder");
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Statement_PrimaryRoleRevokedSinceChosen_IsRefusedOnNextStatement()
    {
        SqlSession dev = await _engine.SessionForAsync("DEV", "BUILDER");
        await _engine.OkAsync(dev, "SHOW DATABASES");

        await _engine.OkAsync(_engine.Admin, "REVOKE ROLE builder FROM USER dev");
        SqlError error = await _engine.FailAsync(dev, "CREATE DATABASE after_revoke");

        Assert.Equal("003001", error.Code);
        Assert.Contains("'BUILDER' is no longer granted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseRole_AfterPrimaryRoleRevoked_StillWorks()
    {
        SqlSession dev = await _engine.SessionForAsync("DEV", "BUILDER");
        await _engine.OkAsync(_engine.Admin, "REVOKE ROLE builder FROM USER dev");

        SqlStatementResult result = await _engine.OkAsync(dev, "USE ROLE PUBLIC; SELECT CURRENT_ROLE()");

        Assert.Equal("PUBLIC", result.Rows[0][0]);
    }
}
