using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary>
/// <c>floe metadata copy</c> refuses usage it cannot honour with one line and exit code 2, before it
/// connects anywhere or creates anything. (The copy itself is tested against real PostgreSQL in
/// Floe.Metadata.Tests and, end to end, in Floe.Clients.Tests.)
/// </summary>
public sealed class MetadataCommandTests : IDisposable
{
    private const string Target = "Host=127.0.0.1;Port=1;Database=floe";

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string DataDir => Path.Combine(_home.Path, "data");

    [Fact]
    public async Task Copy_NoSqliteMetadataInTheDataDirectory_ExitsTwoNamingThePath()
    {
        CliRun run = await CopyAsync("--to-postgres", Target, "--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"floe metadata copy: there is no SQLite metadata at {Path.Combine(DataDir, "metadata.db")}; give the install's --data-dir or --config\n", run.Error);
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Copy_WithoutToPostgres_ExitsTwoNamingTheOption()
    {
        CliRun run = await CopyAsync("--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--to-postgres", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_ConnectionStringThatDoesNotParse_ExitsTwo()
    {
        CliRun run = await CopyAsync("--to-postgres", "Hots=db", "--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("floe metadata copy: --to-postgres is not a valid connection string:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_ConfigurationAlreadySaysPostgres_ExitsTwoSayingToUseTheSqliteSettings()
    {
        string config = _home.WriteFile("floe.json", """{ "MetadataStore": "postgres", "MetadataConnectionString": "Host=db" }""");

        CliRun run = await CopyAsync("--to-postgres", Target, "--config", config, "--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("floe metadata copy: copies from the embedded SQLite store, but the configuration says MetadataStore 'postgres'", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> CopyAsync(params string[] arguments) =>
        CliRun.InvokeAsync(TestEnvironments.Create(_home.Path), ["metadata", "copy", .. arguments]);
}
