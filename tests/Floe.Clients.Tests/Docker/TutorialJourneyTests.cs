using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Docker;

/// <summary>
/// The README's quick start, command for command, as a newcomer from Snowflake's registry tutorial runs
/// it: a connection (the password typed at the prompt), a database, schema and repository,
/// <c>floe spcs image-registry login</c>, <c>docker build</c> of the repository's <c>examples/echo-service</c>,
/// <c>docker push</c> to the repository URL, <c>list-images</c>/<c>list-tags</c>, READ granted to a role
/// and a pull by another user through their own <c>floe spcs image-registry login</c> into their own
/// <c>DOCKER_CONFIG</c> (the <c>reader</c> client's), then the drop.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class TutorialJourneyTests : IClassFixture<AccountRegistry>, IAsyncLifetime
{
    private const string Repository = "tutorial_db.data_schema.tutorial_repo";
    private const string ReaderPassword = "reader-password-1";

    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;
    private readonly ScratchDirectory _home = ScratchDirectory.Create("ftut");

    public TutorialJourneyTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _home.DeleteAsync();

    [Fact]
    public async Task ReadmeQuickStart_EveryCommandWorksAsTheTutorialSays()
    {
        using DockerClient admin = _daemon.NewClient();
        using DockerClient reader = _daemon.NewClient();
        string connectionHost = _registry.Floe.Host;

        // 1. a connection, like the Snowflake CLI's; the password is typed at the prompt, not on the command line
        await FloeTypingAsync(admin, FloeProcess.AdminPassword, "connection", "add", "-n", "dev", "--host", connectionHost, "--user", "admin", "--default");
        string test = await FloeAsync(admin, "connection", "test");
        Assert.Contains("ADMIN", test, StringComparison.Ordinal);
        Assert.DoesNotContain(FloeProcess.AdminPassword, test, StringComparison.Ordinal);

        // 2. a database, a schema and an image repository
        await FloeAsync(admin, "sql", "-q", "CREATE DATABASE tutorial_db; CREATE SCHEMA tutorial_db.data_schema;");
        Assert.Contains("TUTORIAL_REPO successfully created", await FloeAsync(admin, "spcs", "image-repository", "create", Repository), StringComparison.Ordinal);

        // 3. where to push, and a docker login to the account's registry
        string url = (await FloeAsync(admin, "spcs", "image-repository", "url", Repository)).Trim();
        Assert.Equal($"{_registry.Host}/tutorial_db/data_schema/tutorial_repo", url);
        Assert.Equal(_registry.Host, (await FloeAsync(admin, "spcs", "image-registry", "url")).Trim());
        Assert.Contains("Login Succeeded", await FloeAsync(admin, "spcs", "image-registry", "login"), StringComparison.Ordinal);

        // 4. build the repository's example image, tag and push with docker
        string image = $"{url}/my_echo_service_image:latest";
        string example = Path.Combine(FloeBinary.RepositoryRoot, "examples", "echo-service");
        string content = await File.ReadAllTextAsync(Path.Combine(example, "hello.txt"));
        await admin.CheckedAsync("build", "-t", "my_echo_service_image:latest", example);
        await admin.CheckedAsync("tag", "my_echo_service_image:latest", image);
        await admin.CheckedAsync("push", image);

        // 5. see it
        using (JsonDocument images = JsonDocument.Parse(await FloeAsync(admin, "spcs", "image-repository", "list-images", Repository, "--format", "json")))
        {
            JsonElement row = Assert.Single(images.RootElement.EnumerateArray());
            Assert.Equal("my_echo_service_image", row.GetProperty("image_name").GetString());
            Assert.Equal("latest", row.GetProperty("tags").GetString());
        }

        using (JsonDocument tags = JsonDocument.Parse(await FloeAsync(admin, "spcs", "image-repository", "list-tags", Repository, "--image-name", "my_echo_service_image", "--format", "json")))
        {
            Assert.Equal("latest", Assert.Single(tags.RootElement.EnumerateArray()).GetProperty("tag").GetString());
        }

        // 6. share it: READ to a role, the role to a user, who logs in with their own connection into their
        //    own DOCKER_CONFIG (the reader client's) and pulls
        await FloeAsync(admin, "sql", "-q",
            "CREATE ROLE image_reader; " +
            "GRANT USAGE ON DATABASE tutorial_db TO ROLE image_reader; " +
            "GRANT USAGE ON SCHEMA tutorial_db.data_schema TO ROLE image_reader; " +
            $"GRANT READ ON IMAGE REPOSITORY {Repository} TO ROLE image_reader; " +
            $"CREATE USER alice PASSWORD = '{ReaderPassword}' DEFAULT_ROLE = image_reader; " +
            "GRANT ROLE image_reader TO USER alice;");
        await FloeTypingAsync(reader, ReaderPassword, "connection", "add", "-n", "alice", "--host", connectionHost, "--user", "alice");
        Assert.Contains("Login Succeeded", await FloeAsync(reader, "spcs", "image-registry", "login", "-c", "alice"), StringComparison.Ordinal);
        await admin.CheckedAsync("rmi", image);
        await reader.CheckedAsync("pull", image);
        Assert.Equal(content, await reader.ReadFileAsync(image));

        Tool.Run readerPush = await reader.RunAsync("push", image);
        Assert.NotEqual(0, readerPush.ExitCode);
        Assert.Contains("denied", readerPush.Output, StringComparison.OrdinalIgnoreCase);

        // 7. drop the repository: its images are gone
        Assert.Contains("successfully dropped", await FloeAsync(admin, "spcs", "image-repository", "drop", Repository), StringComparison.Ordinal);
        await reader.CheckedAsync("rmi", image);
        Assert.NotEqual(0, (await reader.RunAsync("pull", image)).ExitCode);
    }

    /// <summary>Runs the real <c>floe</c> for <paramref name="docker"/>'s user; its standard output.</summary>
    private async Task<string> FloeAsync(DockerClient docker, params string[] arguments) =>
        (await FloeBinary.RunWithDockerAsync(docker, _home.Combine("config.toml"), arguments)).EnsureSuccess("floe " + string.Join(' ', arguments)).Stdout;

    /// <summary>As <see cref="FloeAsync"/>, with <paramref name="typed"/> entered at the password prompt.</summary>
    private async Task<string> FloeTypingAsync(DockerClient docker, string typed, params string[] arguments) =>
        (await FloeBinary.RunWithDockerAsync(docker, _home.Combine("config.toml"), typed + "\n", arguments)).EnsureSuccess("floe " + string.Join(' ', arguments)).Stdout;
}
