using System.Text.Json;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe spcs image-repository</c> against a real in-process Floe.</summary>
public sealed class ImageRepositoryCommandTests(FloeServerFixture fixture) : IClassFixture<FloeServerFixture>, IDisposable
{
    private static readonly string[] Admin = ["--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", FloeTestServer.AdminPassword];

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task CreateListUrlDrop_FullyQualifiedName_EachAnswersFromTheServer()
    {
        await CreateSchemaAsync("CLI_DB", "S1");

        CliRun created = await RunAsync(["spcs", "image-repository", "create", "cli_db.s1.repo_a", .. Admin]);
        CliRun listed = await RunAsync(["spcs", "image-repository", "list", "--in-database", "cli_db", "--like", "repo_a", "--format", "json", .. Admin]);
        CliRun url = await RunAsync(["spcs", "image-repository", "url", "CLI_DB.S1.REPO_A", .. Admin]);
        CliRun dropped = await RunAsync(["spcs", "image-repository", "drop", "cli_db.s1.repo_a", .. Admin]);
        CliRun urlAfterDrop = await RunAsync(["spcs", "image-repository", "url", "CLI_DB.S1.REPO_A", .. Admin]);

        Assert.Equal((0, "Image Repository REPO_A successfully created.\n", ""), (created.ExitCode, created.Output, created.Error));
        Assert.Equal(0, listed.ExitCode);
        JsonElement row = Assert.Single(JsonDocument.Parse(listed.Output).RootElement.EnumerateArray());
        Assert.Equal("REPO_A", row.GetProperty("name").GetString());
        Assert.Equal("local-dev.registry.localhost:5000/cli_db/s1/repo_a", row.GetProperty("repository_url").GetString());
        Assert.Equal((0, "local-dev.registry.localhost:5000/cli_db/s1/repo_a\n"), (url.ExitCode, url.Output));
        Assert.Equal((0, "REPO_A successfully dropped.\n"), (dropped.ExitCode, dropped.Output));
        Assert.Equal(1, urlAfterDrop.ExitCode);
        Assert.Equal("002003 (02000): SQL compilation error:\nImage Repository 'CLI_DB.S1.REPO_A' does not exist or not authorized.\n", urlAfterDrop.Error);
    }

    [Fact]
    public async Task Create_ShortName_UsesConnectionDatabaseAndSchema_IfNotExistsSaysSo()
    {
        await CreateSchemaAsync("CLI_DB", "S2");
        string[] context = ["--database", "CLI_DB", "--schema", "S2"];

        CliRun first = await RunAsync(["spcs", "image-repository", "create", "repo_b", .. context, .. Admin]);
        CliRun again = await RunAsync(["spcs", "image-repository", "create", "repo_b", "--if-not-exists", "--format", "json", .. context, .. Admin]);
        CliRun table = await RunAsync(["spcs", "image-repository", "list", "--in-schema", "S2", .. context, .. Admin]);
        CliRun url = await RunAsync(["spcs", "image-repository", "url", "repo_b", .. context, .. Admin]);

        Assert.Equal((0, "Image Repository REPO_B successfully created.\n"), (first.ExitCode, first.Output));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("REPO_B already exists, statement succeeded.", JsonDocument.Parse(again.Output).RootElement.GetProperty("status").GetString());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("| REPO_B ", table.Output, StringComparison.Ordinal);
        Assert.Contains("local-dev.registry.localhost:5000/cli_db/s2/repo_b", table.Output, StringComparison.Ordinal);
        Assert.Equal("local-dev.registry.localhost:5000/cli_db/s2/repo_b\n", url.Output);
    }

    [Fact]
    public async Task ListImagesAndListTags_AfterPushes_ShowTheImagesAndTheirTags()
    {
        await CreateSchemaAsync("CLI_DB", "S3");
        Assert.Equal(0, (await RunAsync(["spcs", "image-repository", "create", "CLI_DB.S3.IMAGES", .. Admin])).ExitCode);
        string v1 = await fixture.Server.PushImageAsync("cli_db/s3/images/app", "v1");
        await fixture.Server.PushImageAsync("cli_db/s3/images/app", "v2");
        await fixture.Server.PushImageAsync("cli_db/s3/images/tool", "latest");

        CliRun images = await RunAsync(["spcs", "image-repository", "list-images", "CLI_DB.S3.IMAGES", "--format", "json", .. Admin]);
        CliRun liked = await RunAsync(["spcs", "image-repository", "list-images", "CLI_DB.S3.IMAGES", "--like", "to%", "--format", "json", .. Admin]);
        CliRun tags = await RunAsync(["spcs", "image-repository", "list-tags", "CLI_DB.S3.IMAGES", "--image-name", "app", .. Admin]);
        CliRun none = await RunAsync(["spcs", "image-repository", "list-tags", "CLI_DB.S3.IMAGES", "--image-name", "nothing", "--format", "json", .. Admin]);

        Assert.Equal(0, images.ExitCode);
        JsonElement[] rows = [.. JsonDocument.Parse(images.Output).RootElement.EnumerateArray()];
        Assert.Equal(["app:v1", "app:v2", "tool:latest"], rows.Select(r => r.GetProperty("image_name").GetString() + ":" + r.GetProperty("tags").GetString()));
        Assert.Equal(v1, rows[0].GetProperty("digest").GetString());
        Assert.Equal("cli_db/s3/images/app:v1", rows[0].GetProperty("image_path").GetString());
        Assert.Equal(["tool"], JsonDocument.Parse(liked.Output).RootElement.EnumerateArray().Select(r => r.GetProperty("image_name").GetString()));
        Assert.Equal(0, tags.ExitCode);
        string[] lines = tags.Output.Split('\n');
        Assert.StartsWith("| tag ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("| v1  | " + v1, lines[3], StringComparison.Ordinal);
        Assert.StartsWith("| v2  | sha256:", lines[4], StringComparison.Ordinal);
        Assert.Equal(6, lines.Count(line => line.Length > 0));
        Assert.Equal((0, "[]\n"), (none.ExitCode, none.Output));
    }

    [Fact]
    public async Task UnknownRepository_ExitsOneWithServerMessage()
    {
        await CreateSchemaAsync("CLI_DB", "S1");

        CliRun drop = await RunAsync(["spcs", "image-repository", "drop", "CLI_DB.S1.NOPE", .. Admin]);
        CliRun images = await RunAsync(["spcs", "image-repository", "list-images", "CLI_DB.S1.NOPE", .. Admin]);

        Assert.Equal(1, drop.ExitCode);
        Assert.Contains("Image Repository 'CLI_DB.S1.NOPE' does not exist or not authorized.", drop.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", drop.Output);
        Assert.Equal(1, images.ExitCode);
        Assert.Contains("does not exist or not authorized", images.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b.c.d", "invalid image repository name 'a.b.c.d': use <name>")]
    [InlineData("\"Quoted\"", "invalid image repository name '\"Quoted\"': image repositories and their database and schema must use unquoted identifiers")]
    [InlineData("db.1abc", "invalid image repository name 'db.1abc': '1abc' is not an identifier")]
    [InlineData("db..repo", "invalid image repository name 'db..repo': '' is not an identifier")]
    public async Task BadName_ExitsTwoBeforeConnecting(string name, string message)
    {
        CliRun run = await RunAsync(["spcs", "image-repository", "create", name, "--host", "unreachable.invalid"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUsage_ExitsTwo()
    {
        CliRun both = await RunAsync(["spcs", "image-repository", "create", "r", "--replace", "--if-not-exists", .. Admin]);
        CliRun noImage = await RunAsync(["spcs", "image-repository", "list-tags", "r", .. Admin]);
        CliRun badImage = await RunAsync(["spcs", "image-repository", "list-tags", "r", "--image-name", "App", .. Admin]);
        CliRun badDatabase = await RunAsync(["spcs", "image-repository", "list", "--in-database", "x-y", .. Admin]);

        Assert.Equal((2, "give either --replace or --if-not-exists, not both\n"), (both.ExitCode, both.Error));
        Assert.Equal(2, noImage.ExitCode);
        Assert.Contains("--image-name", noImage.Error, StringComparison.Ordinal);
        Assert.Equal(2, badImage.ExitCode);
        Assert.StartsWith("invalid image name 'App'", badImage.Error, StringComparison.Ordinal);
        Assert.Equal(2, badDatabase.ExitCode);
    }

    [Fact]
    public async Task NoConnection_ExitsTwo()
    {
        CliRun run = await RunAsync(["spcs", "image-repository", "list"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("no host configured", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_ExitsOne()
    {
        CliRun run = await RunAsync(["spcs", "image-repository", "list", "--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("authentication failed", run.Error, StringComparison.Ordinal);
    }

    private async Task CreateSchemaAsync(string database, string schema)
    {
        CliRun run = await RunAsync(["sql", "-q", $"CREATE DATABASE IF NOT EXISTS {database}; CREATE SCHEMA IF NOT EXISTS {database}.{schema}", .. Admin]);
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private Task<CliRun> RunAsync(string[] args) => CliRun.InvokeAsync(fixture.Server.Environment(_home.Path), args);
}
