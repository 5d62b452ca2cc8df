using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Podman;

/// <summary>
/// podman, buildah and skopeo users' journeys against the real <c>floe serve</c> on the account's
/// hostname: a multi-platform image built with buildah and pushed as one index with
/// <c>podman manifest push --all</c> (then pulled for one platform by docker), pushes by a user who
/// holds only WRITE, and a user without READ refused.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class PodmanJourneyTests : IClassFixture<AccountRegistry>
{
    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;

    public PodmanJourneyTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    [Fact]
    public async Task BuildahTwoPlatforms_ManifestPushAll_IndexListsBoth_DockerLoggedInByFloePullsArm64()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string target = $"{_registry.Host}/{repository.Path}/multi:v1";
        string amd64 = $"amd64 file {Guid.NewGuid()}\n";
        string arm64 = $"arm64 file {Guid.NewGuid()}\n";
        await using PodmanStore podman = await PodmanStore.CreateAsync();
        await podman.BuildAsync("localhost/multi:amd64", "linux/amd64", amd64);
        await podman.BuildAsync("localhost/multi:arm64", "linux/arm64", arm64);
        await podman.PodmanCheckedAsync("manifest", "create", "localhost/multi:v1");
        await podman.PodmanCheckedAsync("manifest", "add", "localhost/multi:v1", "containers-storage:localhost/multi:amd64");
        await podman.PodmanCheckedAsync("manifest", "add", "localhost/multi:v1", "containers-storage:localhost/multi:arm64");
        Tool.Run login = await podman.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword);
        Assert.True(login.ExitCode == 0, login.Output);

        await podman.PodmanCheckedAsync("manifest", "push", "--all", "--tls-verify=false", "localhost/multi:v1", $"docker://{target}");

        string raw = await Tool.CheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile", podman.AuthFile, $"docker://{target}");
        using JsonDocument index = JsonDocument.Parse(raw);
        string? mediaType = index.RootElement.GetProperty("mediaType").GetString();
        Assert.True(
            mediaType is "application/vnd.oci.image.index.v1+json" or "application/vnd.docker.distribution.manifest.list.v2+json",
            $"not an index: {raw}");
        Assert.Equal(
            ["linux/amd64", "linux/arm64"],
            index.RootElement.GetProperty("manifests").EnumerateArray()
                .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}")
                .Order(StringComparer.Ordinal));

        using DockerClient docker = _daemon.NewClient();
        Assert.Contains("Login Succeeded", await _registry.CliRegistryLoginAsync(docker, "ADMIN", FloeProcess.AdminPassword), StringComparison.Ordinal);
        await docker.CheckedAsync("pull", "--platform", "linux/arm64", target);
        Assert.Equal("arm64", (await docker.CheckedAsync("image", "inspect", "--format", "{{.Architecture}}", target)).Trim());
        Assert.Equal(arm64, await docker.ReadFileAsync(target));
    }

    [Fact]
    public async Task UserWithWrite_PushesWithPodmanAndWithSkopeo()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.CreateUserAsync("writer", "writer-password-1", AccountRegistry.Grants(repository, "WRITE"));
        await using PodmanStore podman = await PodmanStore.CreateAsync();
        await podman.BuildAsync("localhost/app:v1", "linux/amd64", "pushed by podman\n");
        using OciLayout layout = await OciLayout.InitAsync();
        await layout.AddImageAsync("v1", "amd64");

        Tool.Run login = await podman.LoginAsync(_registry.Host, "writer", "writer-password-1");
        Tool.Run podmanPush = await podman.PodmanAsync("push", "--tls-verify=false", "localhost/app:v1", $"docker://{_registry.Host}/{repository.Path}/app:podman");
        Tool.Run skopeoCopy = await Tool.RunAsync(
            "skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", "writer:writer-password-1",
            $"oci:{layout.Path}:v1", $"docker://{_registry.Host}/{repository.Path}/app:skopeo");

        Assert.True(login.ExitCode == 0, login.Output);
        Assert.True(podmanPush.ExitCode == 0, podmanPush.Output);
        Assert.True(skopeoCopy.ExitCode == 0, skopeoCopy.Output);
        Assert.Equal(
            ["app:podman", "app:skopeo"],
            (await _registry.QueryAsync($"SHOW IMAGES IN IMAGE REPOSITORY {repository.SqlName}")).Select(row => $"{row[1]}:{row[2]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UserWithoutRead_SkopeoCopyAndPodmanPull_AreDenied()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        using OciLayout layout = await OciLayout.InitAsync();
        await layout.AddImageAsync("v1", "amd64");
        string image = $"docker://{_registry.Host}/{repository.Path}/app:v1";
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:v1", image);
        await _registry.CreateUserAsync("no_read", "no-read-password-1", AccountRegistry.Grants(repository));
        string pulled = Path.Combine(Path.GetTempPath(), "floe-pull-" + Guid.NewGuid().ToString("N"));
        await using PodmanStore podman = await PodmanStore.CreateAsync();

        Tool.Run copy = await Tool.RunAsync("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false", "--src-creds", "no_read:no-read-password-1", image, $"oci:{pulled}:v1");
        Tool.Run pull = await podman.PodmanAsync("pull", "--tls-verify=false", "--creds", "no_read:no-read-password-1", image);
        if (Directory.Exists(pulled))
        {
            Directory.Delete(pulled, recursive: true);
        }

        const string Denied = "denied: the repository does not exist or the token does not allow this action on it";
        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains(Denied, copy.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains(Denied, pull.Output, StringComparison.Ordinal);
    }
}
