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
        CliRun run = await ServeAsync("""{ "MetadataStore": "mysql", "MetadataConnectionString": "Host=db;Database=floe" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("floe serve: MetadataStore 'mysql' is not available; valid values: postgres, sqlite\n", run.Error);
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Serve_PostgresWithoutAConnectionString_ExitsWithOneLineSayingWhatIsMissing()
    {
        CliRun run = await ServeAsync("""{ "MetadataStore": "postgres" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("floe serve: MetadataStore 'postgres' needs MetadataConnectionString", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Serve_BlobStoreNotInThisBuild_ExitsWithOneLineNamingTheValidValues()
    {
        CliRun run = await ServeAsync("""{ "BlobStore": "gcs" }""");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("floe serve: BlobStore 'gcs' is not available; valid values: azure, filesystem, s3\n", run.Error);
        Assert.False(Directory.Exists(DataDir));
    }

    [Theory]
    [InlineData("""{ "BlobStore": "s3" }""", "floe serve: BlobStore 's3' needs S3Bucket")]
    [InlineData("""{ "BlobStore": "s3", "S3Bucket": "b", "S3AccessKey": "k" }""", "floe serve: S3AccessKey and S3SecretKey go together")]
    [InlineData("""{ "BlobStore": "s3", "S3Bucket": "b", "S3ChecksumMode": "always" }""", "floe serve: S3ChecksumMode 'always' is not one of")]
    [InlineData("""{ "BlobStore": "s3", "S3Bucket": "b", "S3PartSizeMiB": 1 }""", "floe serve: S3PartSizeMiB 1 is not between 5 and 5120")]
    [InlineData("""{ "BlobStore": "s3", "S3Bucket": "b", "S3Endpoint": "ceph:7480" }""", "floe serve: S3Endpoint 'ceph:7480' is not an http:// or https:// URL")]
    [InlineData("""{ "BlobStore": "azure", "AzureContainer": "c" }""", "floe serve: BlobStore 'azure' needs AzureConnectionString")]
    public async Task Serve_ObjectStoreSettingsThatCannotWork_ExitsWithOneLineSayingWhich(string configJson, string expected)
    {
        CliRun run = await ServeAsync(configJson);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
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
