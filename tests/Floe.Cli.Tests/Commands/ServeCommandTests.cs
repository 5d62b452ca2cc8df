using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe serve</c> refuses backend settings it cannot honour: one line, exit code 2, nothing written.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string DataDir => Path.Combine(_home.Path, "data");

    [Fact]
    public async Task Serve_MetadataStoreNotInThisBuild_ExitsWithOneLineNamingTheValidValues()
    {
        CliRun run = await ServeAsync("""{ "MetadataStore": "postgres", "MetadataConnectionString": "Host=db;Database=floe" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("floe serve: MetadataStore 'postgres' is not available; valid values: sqlite\n", run.Error);
        Assert.False(Directory.Exists(DataDir));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Serve_BlobStoreNotInThisBuild_ExitsWithOneLineNamingTheValidValues(string blobStore)
    {
        CliRun run = await ServeAsync($$"""{ "BlobStore": "{{blobStore}}" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"floe serve: BlobStore '{blobStore}' is not available; valid values: filesystem\n", run.Error);
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Serve_SqliteWithAConnectionString_ExitsWithOneLineInsteadOfIgnoringIt()
    {
        CliRun run = await ServeAsync("""{ "MetadataStore": "sqlite", "MetadataConnectionString": "Host=db" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("floe serve: MetadataConnectionString is for a database server;", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(DataDir));
    }

    private Task<CliRun> ServeAsync(string configJson)
    {
        string config = _home.WriteFile("floe.json", configJson);
        return CliRun.InvokeAsync(
            TestEnvironments.Create(_home.Path), "serve", "--config", config, "--data-dir", DataDir, "--listen", "http://127.0.0.1:0");
    }
}
