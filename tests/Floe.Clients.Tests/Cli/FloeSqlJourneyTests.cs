using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Cli;

/// <summary>
/// The newcomer's journey with the real <c>floe</c> executable: log in as the bootstrap admin with
/// <c>floe sql</c>, create a database, schema and image repository, push with skopeo to the URL that
/// <c>SHOW IMAGE REPOSITORIES</c> printed, and see the image in <c>SHOW IMAGES</c>.
/// </summary>
public sealed class FloeSqlJourneyTests : IAsyncLifetime
{
    private FloeProcess _floe = null!;
    private string _configDir = null!;

    public async Task InitializeAsync()
    {
        _floe = await FloeProcess.StartAsync();
        _configDir = Path.Combine(Path.GetTempPath(), "floe-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_configDir);
        await File.WriteAllTextAsync(ConfigFile, $"""
            default_connection_name = "dev"

            [connections.dev]
            host = "{_floe.Host}"
            user = "admin"
            password = "{FloeProcess.AdminPassword}"
            """);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_configDir, recursive: true);
        await _floe.DisposeAsync();
    }

    private string ConfigFile => Path.Combine(_configDir, "config.toml");

    [Fact]
    public async Task FloeSql_Query_PrintsTableOfResult()
    {
        Tool.Run run = await FloeSqlAsync("-q", "SELECT CURRENT_USER(), CURRENT_ROLE()");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CURRENT_USER()", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ACCOUNTADMIN", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FloeSql_SqlError_ExitsOneWithCodeOnStderr()
    {
        Tool.Run run = await FloeSqlAsync("-q", "USE DATABASE no_such_db");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("002003", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Database 'NO_SUCH_DB' does not exist or not authorized.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_CreateRepositoryPushWithSkopeo_ShowImagesListsIt()
    {
        string script = Path.Combine(_configDir, "setup.sql");
        await File.WriteAllTextAsync(script, """
            CREATE DATABASE tutorial_db;
            CREATE SCHEMA tutorial_db.data_schema;
            USE SCHEMA tutorial_db.data_schema;
            CREATE IMAGE REPOSITORY tutorial_repo;
            """);
        Assert.Equal(0, (await FloeSqlAsync("-f", script)).ExitCode);

        using JsonDocument repositories = JsonDocument.Parse((await FloeSqlAsync("--format", "json", "-q", "SHOW IMAGE REPOSITORIES IN ACCOUNT")).Stdout);
        string url = repositories.RootElement[0].GetProperty("repository_url").GetString()!;
        Assert.Equal($"local-dev.registry.localhost:{_floe.Port}/tutorial_db/data_schema/tutorial_repo", url);

        using OciLayout layout = await OciLayout.InitAsync();
        await layout.AddImageAsync("v1", "amd64");
        using HostsFile hosts = HostsFile.Map("local-dev.registry.localhost");
        string image = $"docker://{url}/my_echo_service_image:latest";
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:v1", image);

        using JsonDocument images = JsonDocument.Parse((await FloeSqlAsync("--format", "json", "-q", "SHOW IMAGES IN IMAGE REPOSITORY tutorial_db.data_schema.tutorial_repo")).Stdout);
        JsonElement row = Assert.Single(images.RootElement.EnumerateArray());
        Assert.Equal("my_echo_service_image", row.GetProperty("image_name").GetString());
        Assert.Equal("latest", row.GetProperty("tags").GetString());
        Assert.Equal("tutorial_db/data_schema/tutorial_repo/my_echo_service_image:latest", row.GetProperty("image_path").GetString());

        Assert.Equal(0, (await FloeSqlAsync("-q", "DROP IMAGE REPOSITORY tutorial_db.data_schema.tutorial_repo")).ExitCode);
        Tool.Run pullAfterDrop = await Tool.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", FloeProcess.AdminCredentials, image);
        Tool.Run pushAfterDrop = await Tool.RunAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:v1", image);
        Assert.NotEqual(0, pullAfterDrop.ExitCode);
        Assert.NotEqual(0, pushAfterDrop.ExitCode);
    }

    private Task<Tool.Run> FloeSqlAsync(params string[] arguments) =>
        Tool.RunAsync("dotnet", [FloeBinary.Path, "sql", "--config-file", ConfigFile, .. arguments]);
}
