using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Authentication;

/// <summary>
/// A push to a name with fewer than the four components Floe reads (<c>db/schema/repository/image</c>):
/// the token endpoint refuses the scope, so docker, podman and skopeo each print Floe's message with the
/// expected form and give up at once. Answered by the <c>/v2/</c> endpoints instead, docker retried the
/// blob upload ("Retrying in N seconds") for 50 s and podman and skopeo showed only "400 (Bad Request)".
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class InvalidRepositoryNameTests : IClassFixture<AccountRegistry>
{
    private const string Expected = "'tutorial_db/my_image' has 2 path component(s); expected <database>/<schema>/<repository>/<image>";

    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;

    public InvalidRepositoryNameTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    private string Target => $"{_registry.Host}/tutorial_db/my_image:v1";

    [Fact]
    public async Task DockerPush_TwoComponents_FailsWithExpectedFormWithoutRetrying()
    {
        using DockerClient docker = _daemon.NewClient();
        Assert.Equal(0, (await docker.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword)).ExitCode);
        await docker.BuildAsync("floe-invalid-name:v1", "invalid name\n");
        await docker.CheckedAsync("tag", "floe-invalid-name:v1", Target);

        Tool.Run push = await docker.RunAsync("push", Target);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains(Expected, push.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Retrying", push.Output, StringComparison.Ordinal);
        await docker.RunAsync("rmi", Target, "floe-invalid-name:v1");
    }

    [Fact]
    public async Task PodmanPush_TwoComponents_FailsWithExpectedFormWithoutRetrying()
    {
        await using PodmanStore podman = await PodmanStore.CreateAsync();
        await podman.BuildAsync("localhost/invalid-name:v1", "linux/amd64", "invalid name\n");
        Assert.Equal(0, (await podman.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword)).ExitCode);

        Tool.Run push = await podman.PodmanAsync("push", "--tls-verify=false", "localhost/invalid-name:v1", $"docker://{Target}");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains(Expected, push.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", push.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SkopeoCopy_TwoComponents_FailsWithExpectedForm()
    {
        using OciLayout layout = await OciLayout.InitAsync();
        await layout.AddImageAsync("v1", "amd64");

        Tool.Run copy = await Tool.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:v1", $"docker://{Target}"],
            environment: null, stdin: null);

        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains(Expected, copy.Output, StringComparison.Ordinal);
    }
}
