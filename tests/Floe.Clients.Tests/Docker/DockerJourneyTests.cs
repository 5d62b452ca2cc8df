using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Docker;

/// <summary>
/// A docker user's journeys against the real <c>floe serve</c> on the account's hostname, with the real
/// docker engine: log in (password, programmatic access token, session token), build, push, pull —
/// and the refusals a user meets (authentication policy, missing READ, dropped repository).
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class DockerJourneyTests : IClassFixture<AccountRegistry>, IDisposable
{
    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;
    private readonly List<DockerClient> _clients = [];

    public DockerJourneyTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    public void Dispose()
    {
        foreach (DockerClient client in _clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task AdminPassword_BuildPushRmiPull_SameContentAndShowImagesListsTheTag()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        DockerClient docker = NewClient();
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        string content = $"hello from docker {Guid.NewGuid()}\n";

        Tool.Run login = await docker.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword);
        Assert.True(login.ExitCode == 0, login.Output);
        Assert.Contains("Login Succeeded", login.Output, StringComparison.Ordinal);
        await docker.BuildAsync(image, content);
        await docker.CheckedAsync("push", image);
        string pushedDigest = (await docker.CheckedAsync("image", "inspect", "--format", "{{index .RepoDigests 0}}", image)).Trim().Split('@')[1];
        await docker.CheckedAsync("rmi", image);
        Assert.NotEqual(0, (await docker.RunAsync("image", "inspect", image)).ExitCode);
        await docker.CheckedAsync("pull", image);

        Assert.Equal(content, await docker.ReadFileAsync(image));
        string?[] row = Assert.Single(await _registry.QueryAsync($"SHOW IMAGES IN IMAGE REPOSITORY {repository.SqlName}"));
        Assert.Equal("app", row[1]);
        Assert.Equal("v1", row[2]);
        Assert.Equal(pushedDigest, row[3]);
        Assert.Equal($"{repository.Path}/app:v1", row[4]);
    }

    [Fact]
    public async Task ProgrammaticAccessToken_LoginThenPushAndPull_Works()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.CreateUserAsync("pat_user", "pat-user-password-1", AccountRegistry.Grants(repository, "WRITE"));
        string pat = await _registry.AddProgrammaticAccessTokenAsync("pat_user", "laptop");
        DockerClient docker = NewClient();
        string image = $"{_registry.Host}/{repository.Path}/app:pat";
        string content = $"pushed with a PAT {Guid.NewGuid()}\n";

        Tool.Run login = await docker.LoginAsync(_registry.Host, "pat_user", pat);

        Assert.True(login.ExitCode == 0, login.Output);
        await docker.BuildAsync(image, content);
        await docker.CheckedAsync("push", image);
        await docker.CheckedAsync("rmi", image);
        await docker.CheckedAsync("pull", image);
        Assert.Equal(content, await docker.ReadFileAsync(image));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionToken_LoginAs0sessiontoken_PullWorks(bool asJson)
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        string content = $"pulled with a session token {Guid.NewGuid()}\n";
        await PushAsAdminAsync(image, content);
        string user = "session_user_" + (asJson ? "json" : "bare");
        await _registry.CreateUserAsync(user, "session-user-password-1", AccountRegistry.Grants(repository, "READ"));
        // What `floe spcs image-registry token --format=JSON | docker login <host> --username 0sessiontoken --password-stdin`
        // pipes (Snowflake's documented command, verbatim), or the bare token of a session login.
        string secret = asJson
            ? await _registry.CliTokenJsonAsync(user, "session-user-password-1")
            : await BareSessionTokenAsync(user, "session-user-password-1");
        DockerClient docker = NewClient();

        Tool.Run login = await docker.LoginAsync(_registry.Host, "0sessiontoken", secret);

        Assert.True(login.ExitCode == 0, login.Output);
        await docker.CheckedAsync("pull", image);
        Assert.Equal(content, await docker.ReadFileAsync(image));
    }

    [Fact]
    public async Task AuthenticationPolicyWithoutPassword_PasswordLoginRefusedWithPolicyMessage_PatStillLogsIn()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.CreateUserAsync("policy_user", "policy-user-password-1", AccountRegistry.Grants(repository, "WRITE"));
        string pat = await _registry.AddProgrammaticAccessTokenAsync("policy_user", "ci");
        await _registry.Floe.SqlAsync(
            $"CREATE AUTHENTICATION POLICY {repository.Database}.{repository.Schema}.pat_only AUTHENTICATION_METHODS = ('PROGRAMMATIC_ACCESS_TOKEN'); " +
            $"ALTER USER policy_user SET AUTHENTICATION POLICY {repository.Database}.{repository.Schema}.pat_only;");
        DockerClient docker = NewClient();

        Tool.Run refused = await docker.LoginAsync(_registry.Host, "policy_user", "policy-user-password-1");
        Tool.Run allowed = await docker.LoginAsync(_registry.Host, "policy_user", pat);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(
            "Authentication policy PAT_ONLY does not allow PASSWORD authentication for user POLICY_USER",
            refused.Output,
            StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Output);
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        await docker.BuildAsync(image, "pushed under a PAT-only policy\n");
        await docker.CheckedAsync("push", image);
    }

    [Fact]
    public async Task UserWithoutRead_Pull_IsDenied()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        await PushAsAdminAsync(image, "not for everyone\n");
        await _registry.CreateUserAsync("usage_only", "usage-only-password-1", AccountRegistry.Grants(repository));
        DockerClient docker = NewClient();
        Tool.Run login = await docker.LoginAsync(_registry.Host, "usage_only", "usage-only-password-1");
        Assert.True(login.ExitCode == 0, login.Output);

        Tool.Run pull = await docker.RunAsync("pull", image);

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains("denied: the repository does not exist or the token does not allow this action on it", pull.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropImageRepository_ThenPull_Fails()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        DockerClient docker = await PushAsAdminAsync(image, "soon gone\n");
        await docker.CheckedAsync("pull", image);
        await docker.CheckedAsync("rmi", image);

        await _registry.Floe.SqlAsync($"DROP IMAGE REPOSITORY {repository.SqlName}");
        Tool.Run pull = await docker.RunAsync("pull", image);

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains("denied", pull.Output, StringComparison.Ordinal);
    }

    private async Task<string> BareSessionTokenAsync(string user, string password)
    {
        using JsonDocument session = JsonDocument.Parse(await _registry.SessionLoginAsync(user, password));
        return session.RootElement.GetProperty("token").GetString()!;
    }

    private DockerClient NewClient()
    {
        DockerClient client = _daemon.NewClient();
        _clients.Add(client);
        return client;
    }

    /// <summary>Builds and pushes <paramref name="image"/> as the admin, then removes it from the daemon.</summary>
    private async Task<DockerClient> PushAsAdminAsync(string image, string content)
    {
        DockerClient admin = NewClient();
        (await admin.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword)).EnsureSuccess("docker login as ADMIN");
        await admin.BuildAsync(image, content);
        await admin.CheckedAsync("push", image);
        await admin.CheckedAsync("rmi", image);
        return admin;
    }
}
