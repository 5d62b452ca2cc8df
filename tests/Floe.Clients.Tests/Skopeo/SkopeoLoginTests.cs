using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Skopeo;

/// <summary>
/// <c>skopeo login</c> with each credential — a password, a programmatic access token,
/// <c>0sessiontoken</c> with the JSON that <c>floe spcs image-registry token --format json</c> prints —
/// then a push with the saved credentials; and a push refused to a user without WRITE.
/// </summary>
public sealed class SkopeoLoginTests : IClassFixture<AccountRegistry>, IAsyncLifetime
{
    private const string Password = "skopeo-user-password-1";

    private readonly AccountRegistry _registry;
    private readonly ScratchDirectory _home = ScratchDirectory.Create("fsko");
    private OciLayout _layout = null!;

    public SkopeoLoginTests(AccountRegistry registry)
    {
        _registry = registry;
    }

    public enum Credential
    {
        Password,
        ProgrammaticAccessToken,
        SessionTokenFromTheCli,
    }

    public async Task InitializeAsync()
    {
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("v1", "amd64");
    }

    public async Task DisposeAsync()
    {
        _layout.Dispose();
        await _home.DeleteAsync();
    }

    [Theory]
    [InlineData(Credential.Password)]
    [InlineData(Credential.ProgrammaticAccessToken)]
    [InlineData(Credential.SessionTokenFromTheCli)]
    public async Task SkopeoLogin_ThenPushWithTheSavedCredentials_ImageIsThere(Credential credential)
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        string user = "skopeo_" + credential.ToString().ToLowerInvariant();
        await _registry.CreateUserAsync(user, Password, AccountRegistry.Grants(repository, "WRITE"));
        (string loginUser, string secret) = credential switch
        {
            Credential.Password => (user, Password),
            Credential.ProgrammaticAccessToken => (user, await _registry.AddProgrammaticAccessTokenAsync(user, "ci")),
            _ => ("0sessiontoken", await _registry.CliTokenJsonAsync(user, Password)),
        };
        string authFile = _home.Combine(user + ".json");
        string image = $"docker://{_registry.Host}/{repository.Path}/app:v1";

        Tool.Run login = await Tool.RunAsync(
            "skopeo", ["login", "--tls-verify=false", "--authfile", authFile, "--username", loginUser, "--password-stdin", _registry.Host], null, secret);
        Assert.True(login.ExitCode == 0, login.Output);
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--authfile", authFile, $"oci:{_layout.Path}:v1", image);

        string pushed = await Tool.CheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile", authFile, image);
        Assert.Equal(await _layout.ManifestBytesAsync("v1"), System.Text.Encoding.UTF8.GetBytes(pushed));
    }

    [Fact]
    public async Task UserWithReadOnly_SkopeoPushRefused_NothingStored()
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.CreateUserAsync("skopeo_reader", Password, AccountRegistry.Grants(repository, "READ"));

        Tool.Run push = await Tool.RunAsync(
            "skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", "skopeo_reader:" + Password,
            $"oci:{_layout.Path}:v1", $"docker://{_registry.Host}/{repository.Path}/app:v1");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("denied", push.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await _registry.QueryAsync($"SHOW IMAGES IN IMAGE REPOSITORY {repository.SqlName}"));
    }
}
