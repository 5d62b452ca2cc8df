using Floe.Sql.Execution;

namespace Floe.Sql.Tests.Execution.Infrastructure;

/// <summary>A test class over its own <see cref="EngineHarness"/>: a fresh store for every test.</summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    protected EngineHarness Harness { get; private set; } = null!;

    /// <summary>The bootstrap admin with role ACCOUNTADMIN (and ORGADMIN as a secondary role).</summary>
    protected SqlSession Admin => Harness.Admin;

    public async Task InitializeAsync() => Harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
