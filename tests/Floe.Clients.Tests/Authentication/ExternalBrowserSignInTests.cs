using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Floe.Clients.Tests.Authentication;

/// <summary>
/// People and CI systems signing in through a real OpenID provider (npm <c>oidc-provider</c>, started by
/// scripts/oidc.sh) and then using docker against the real <c>floe serve</c>: a person with
/// <c>authenticator = "externalbrowser"</c>, whose sign-in page Debian's headless Chromium fills in
/// (driven by Selenium, scripts/chromium.sh installs it), and a CI system with <c>authenticator = "oauth"</c>
/// holding a token of the provider. Both get a Floe session from the provider's token, log docker in with
/// <c>floe spcs image-registry login</c>, and push and pull.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class ExternalBrowserSignInTests : IClassFixture<AccountRegistry>, IAsyncLifetime
{
    private const string Resource = TestProvider.Resource;

    private readonly DockerDaemon _daemon;
    private readonly AccountRegistry _registry;
    private readonly ScratchDirectory _home = ScratchDirectory.Create("fsso");

    public ExternalBrowserSignInTests(DockerDaemon daemon, AccountRegistry registry)
    {
        _daemon = daemon;
        _registry = registry;
    }

    private static string Issuer => TestProvider.Issuer;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _home.DeleteAsync();

    [Fact]
    public async Task ExternalBrowser_SignInOnTheProvidersPageInChromium_DockerPushesAndPullsThroughTheSession()
    {
        AccountRegistry.Repository repository = await PrepareAsync("sso_person", "dev");
        await WriteConnectionAsync(
            "authenticator = \"externalbrowser\"\n" +
            "oauth_client_id = \"floe_cli\"\n" +
            $"oauth_issuer = \"{Issuer}\"\n" +
            "role = \"DEV\"\n");
        using DockerClient docker = _daemon.NewClient();

        using Process login = StartFloe(docker, "spcs", "image-registry", "login");
        string output, browserEndedAt;
        StringBuilder stderr = new();
        Task<string> restOfStderr;
        try
        {
            Task<string> stdout = login.StandardOutput.ReadToEndAsync();
            string url = await ReadSignInUrlAsync(login.StandardError, stderr);
            restOfStderr = login.StandardError.ReadToEndAsync();
            browserEndedAt = SignInWithChromium(url, user: "sso_person");
            await login.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            output = await stdout;
        }
        finally
        {
            if (!login.HasExited)
            {
                login.Kill(entireProcessTree: true);
            }
        }

        Assert.True(login.ExitCode == 0, $"{output}\n{stderr}{await restOfStderr}\nbrowser ended at {browserEndedAt}");
        Assert.Contains("Login Succeeded", output, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", browserEndedAt, StringComparison.Ordinal);
        await PushAndPullAsync(docker, repository, "browser");
    }

    [Fact]
    public async Task OAuthAuthenticator_CiSystemsProviderToken_DockerPushesAndPullsThroughTheSession()
    {
        AccountRegistry.Repository repository = await PrepareAsync("ci_robot", "ci");
        await WriteConnectionAsync("authenticator = \"oauth\"\nrole = \"CI\"\n" + $"token = \"{await TestProvider.ClientCredentialsTokenAsync("session:role:CI")}\"\n");
        using DockerClient docker = _daemon.NewClient();

        Tool.Run login = await FloeBinary.RunWithDockerAsync(docker, _home.Combine("config.toml"), stdin: null, "spcs", "image-registry", "login");

        Assert.True(login.ExitCode == 0, login.Output);
        Assert.Contains("Login Succeeded", login.Stdout, StringComparison.Ordinal);
        await PushAndPullAsync(docker, repository, "ci");
    }

    /// <summary>A repository, a user with a role that may write it, and the account's integration for the provider.</summary>
    private async Task<AccountRegistry.Repository> PrepareAsync(string user, string role)
    {
        AccountRegistry.Repository repository = await _registry.NewRepositoryAsync();
        await _registry.Floe.SqlAsync(
            $"CREATE ROLE IF NOT EXISTS {role}; CREATE USER IF NOT EXISTS {user}; GRANT ROLE {role} TO USER {user}; " +
            string.Concat(AccountRegistry.Grants(repository, "WRITE").Select(grant => $"GRANT {grant} TO ROLE {role}; ")) +
            "CREATE OR REPLACE SECURITY INTEGRATION company_idp TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
            $"EXTERNAL_OAUTH_ISSUER = '{Issuer}' EXTERNAL_OAUTH_JWS_KEYS_URL = '{Issuer}/jwks' EXTERNAL_OAUTH_AUDIENCE_LIST = ('{Resource}') " +
            "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'");
        return repository;
    }

    private Task WriteConnectionAsync(string settings) =>
        File.WriteAllTextAsync(_home.Combine("config.toml"),
            $"default_connection_name = \"sso\"\n\n[connections.sso]\nhost = \"{_registry.Host}\"\n{settings}");

    /// <summary>docker pushes an image with the credentials floe logged it in with, drops it, and pulls it back.</summary>
    private async Task PushAndPullAsync(DockerClient docker, AccountRegistry.Repository repository, string tag)
    {
        string image = $"{_registry.Host}/{repository.Path}/app:{tag}";
        string content = $"pushed through a session of the identity provider {Guid.NewGuid()}\n";
        await docker.BuildAsync(image, content);
        await docker.CheckedAsync("push", image);
        await docker.CheckedAsync("rmi", image);
        await docker.CheckedAsync("pull", image);

        Assert.Equal(content, await docker.ReadFileAsync(image));
    }

    /// <summary>The real <c>floe</c>, running, with the test's config file and <paramref name="docker"/>'s client settings.</summary>
    private Process StartFloe(DockerClient docker, params string[] arguments)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[FloeBinary.Path, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        foreach ((string name, string value) in docker.Environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["FLOE_CONFIG_FILE"] = _home.Combine("config.toml");
        start.Environment["HOME"] = _home.Path;
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start floe");
    }

    /// <summary>The authorization URL floe prints (the line that starts with the provider's authorization endpoint).</summary>
    private static async Task<string> ReadSignInUrlAsync(StreamReader stderr, StringBuilder seen)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        while (await stderr.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.StartsWith(Issuer + "/auth?", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("floe printed no sign-in URL:\n" + seen);
    }

    /// <summary>
    /// Opens <paramref name="url"/> in headless Chromium, signs in on the provider's own page as
    /// <paramref name="user"/>, confirms the consent page, and answers where the browser ended up.
    /// </summary>
    private string SignInWithChromium(string url, string user)
    {
        string profile = _home.Combine("chromium-profile");
        ChromeOptions options = new() { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", $"--user-data-dir={profile}");
        using ChromeDriverService service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        using ChromeDriver browser = new(service, options, TimeSpan.FromMinutes(1));
        WebDriverWait wait = new(browser, TimeSpan.FromMinutes(1));

        browser.Navigate().GoToUrl(url);
        ProviderSignInPage.SignIn(browser, Issuer, user);

        wait.Until(driver => driver.Url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) && !driver.Url.StartsWith(Issuer, StringComparison.Ordinal)
            && driver.PageSource.Contains("Signed in", StringComparison.Ordinal));
        return browser.Url;
    }
}
