namespace Floe.Sql.Tests.Execution.Infrastructure;

/// <summary>A fresh <see cref="EngineHarness"/> (its own SQLite file or PostgreSQL database) per test, for the access-control test classes.</summary>
public abstract class SecurityTests : IAsyncLifetime
{
    private EngineHarness? _harness;

    internal EngineHarness Harness => _harness ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync(CreateTime());

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>The clock of the harness; the system clock unless a test class needs to move time.</summary>
    protected virtual TimeProvider CreateTime() => TimeProvider.System;
}
