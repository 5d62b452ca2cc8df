using System.Security.Cryptography;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Docker;

/// <summary>
/// A service's journey: a <c>TYPE = SERVICE</c> user with an RSA public key
/// and <c>SERVICE READ</c> on a repository logs docker in with <c>floe spcs image-registry login</c> over a
/// connection that names only its private key file — a key-pair JWT for a session token, the session
/// token as <c>0sessiontoken</c> — and pulls; pushing is refused.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class ServiceUserJourneyTests : IClassFixture<AccountRegistry>, IAsyncLifetime
{
    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;
    private readonly ScratchDirectory _home = ScratchDirectory.Create("fsvc");

    public ServiceUserJourneyTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _home.DeleteAsync();

    [Fact]
    public async Task ServiceUserWithServiceRead_KeyPairLoginThroughTheCli_PullsButCannotPush()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string image = $"{_registry.Host}/{repository.Path}/app:v1";
        string content = $"pulled by a service {Guid.NewGuid()}\n";
        using (DockerClient admin = _daemon.NewClient())
        {
            Assert.Equal(0, (await admin.LoginAsync(_registry.Host, "ADMIN", FloeProcess.AdminPassword)).ExitCode);
            await admin.BuildAsync(image, content);
            await admin.CheckedAsync("push", image);
            await admin.CheckedAsync("rmi", image);
        }

        using RSA key = RSA.Create(2048);
        string keyFile = _home.Combine("rsa_key.p8");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        string publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        string role = "svc_puller_role";
        await _registry.Floe.SqlAsync(
            $"CREATE USER svc_puller TYPE = SERVICE RSA_PUBLIC_KEY = '{publicKey}'; CREATE ROLE {role}; " +
            string.Concat(AccountRegistry.Grants(repository, "SERVICE READ").Select(grant => $"GRANT {grant} TO ROLE {role}; ")) +
            $"GRANT ROLE {role} TO USER svc_puller;");

        using DockerClient service = _daemon.NewClient();
        (await FloeAsync(service, "connection", "add", "-n", "svc", "--host", _registry.Host, "--user", "svc_puller", "--private-key-file", keyFile, "--default"))
            .EnsureSuccess("floe connection add");
        Tool.Run login = await FloeAsync(service, "spcs", "image-registry", "login");

        Assert.True(login.ExitCode == 0, login.Output);
        Assert.Contains("Login Succeeded", login.Stdout, StringComparison.Ordinal);
        await service.CheckedAsync("pull", image);
        Assert.Equal(content, await service.ReadFileAsync(image));
        Tool.Run push = await service.RunAsync("push", image);
        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("denied", push.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ServiceUserWithTheWrongKey_CliLoginFails_WithTheGenericMessage()
    {
        using RSA registered = RSA.Create(2048);
        using RSA other = RSA.Create(2048);
        string keyFile = _home.Combine("other_key.p8");
        await File.WriteAllTextAsync(keyFile, other.ExportPkcs8PrivateKeyPem());
        await _registry.Floe.SqlAsync(
            $"CREATE USER svc_wrong_key TYPE = SERVICE RSA_PUBLIC_KEY = '{Convert.ToBase64String(registered.ExportSubjectPublicKeyInfo())}';");

        using DockerClient service = _daemon.NewClient();
        (await FloeAsync(service, "connection", "add", "-n", "wrong", "--host", _registry.Host, "--user", "svc_wrong_key", "--private-key-file", keyFile))
            .EnsureSuccess("floe connection add");
        Tool.Run login = await FloeAsync(service, "spcs", "image-registry", "login", "-c", "wrong");

        Assert.Equal(1, login.ExitCode);
        Assert.Contains("Incorrect username or password was specified.", login.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.ConfigDir, "config.json")) &&
            File.ReadAllText(Path.Combine(service.ConfigDir, "config.json")).Contains(_registry.Host, StringComparison.Ordinal));
    }

    private Task<Tool.Run> FloeAsync(DockerClient docker, params string[] arguments) =>
        FloeBinary.RunWithDockerAsync(docker, _home.Combine("config.toml"), arguments);
}
