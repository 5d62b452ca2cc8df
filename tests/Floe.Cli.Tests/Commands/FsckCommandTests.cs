using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe fsck</c> refuses to check what is not a Floe install: one line, exit code 2, nothing created.</summary>
public sealed class FsckCommandTests : IDisposable
{
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string DataDir => Path.Combine(_home.Path, "data");

    [Fact]
    public async Task Fsck_DataDirWithoutFloeData_ExitsWithOneLineAndCreatesNothing()
    {
        CliRun run = await CliRun.InvokeAsync(TestEnvironments.Create(_home.Path), "fsck", "--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("floe fsck: no Floe data in ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Fsck_BlobStoreNotInThisBuild_ExitsWithOneLineNamingTheValidValues()
    {
        string config = _home.WriteFile("floe.json", """{ "MetadataStore": "postgres", "MetadataConnectionString": "Host=db", "BlobStore": "gcs" }""");

        CliRun run = await CliRun.InvokeAsync(TestEnvironments.Create(_home.Path), "fsck", "--config", config, "--data-dir", DataDir);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("floe fsck: BlobStore 'gcs' is not available; valid values: azure, filesystem, s3\n", run.Error);
    }
}
