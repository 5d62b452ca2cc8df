using System.Net;
using System.Text;
using System.Text.Json;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe spcs image-registry</c> against a real in-process Floe (Unix: file modes, shell scripts as docker).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImageRegistryCommandTests(FloeServerFixture fixture) : IClassFixture<FloeServerFixture>, IDisposable
{
    private static readonly string[] Admin = ["--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", FloeTestServer.AdminPassword];

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Url_PrintsTheAccountsRegistryHostNotTheConnectionHost()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "url", .. Admin]);

        Assert.Equal((0, FloeTestServer.AccountHost + "\n", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Fact]
    public async Task TokenJson_IsAcceptedAsTheSessionTokenPasswordOfTheRegistry()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "token", "--format", "json", .. Admin]);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(["token", "expires_in"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3600, json.RootElement.GetProperty("expires_in").GetInt64());
        (HttpStatusCode status, string? token) = await fixture.Server.RegistryTokenAsync("0sessiontoken", run.Output.Trim(), "repository:db/sch/repo/app:pull");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(token);
    }

    [Fact]
    public async Task TokenJson_FormatInCapitalsAsSnowflakeDocsWriteIt_IsAcceptedByTheRegistry()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "token", "--format=JSON", .. Admin]);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        (HttpStatusCode status, _) = await fixture.Server.RegistryTokenAsync("0sessiontoken", run.Output.Trim(), "repository:db/sch/repo/app:pull");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task TokenTable_ShowsTokenAndExpiry()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "token", .. Admin]);

        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.Split('\n');
        Assert.StartsWith("| key        | value", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("| token      | ", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("| expires_in | 3600 ", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_NoDockerNorPodman_WritesTheDockerConfigKeepingWhatIsThere()
    {
        string dockerConfig = Path.Combine(_home.Path, "docker-config");
        string file = _home.WriteFile(Path.Combine("docker-config", "config.json"),
            """{"auths":{"other.example.com":{"auth":"b3RoZXI6c2VjcmV0"}},"psFormat":"table"}""");

        CliRun run = await RunAsync(Variables(("DOCKER_CONFIG", dockerConfig)), ["spcs", "image-registry", "login", .. Admin]);

        Assert.Equal((0, "Login Succeeded\n", ""), (run.ExitCode, run.Output, run.Error));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal("table", json.RootElement.GetProperty("psFormat").GetString());
        JsonElement auths = json.RootElement.GetProperty("auths");
        Assert.Equal("b3RoZXI6c2VjcmV0", auths.GetProperty("other.example.com").GetProperty("auth").GetString());
        string credentials = Encoding.UTF8.GetString(Convert.FromBase64String(auths.GetProperty(FloeTestServer.AccountHost).GetProperty("auth").GetString()!));
        Assert.StartsWith("0sessiontoken:", credentials, StringComparison.Ordinal);
        string[] basic = credentials.Split(':', 2);
        (HttpStatusCode status, _) = await fixture.Server.RegistryTokenAsync(basic[0], basic[1], "repository:db/sch/repo/app:pull");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Login_NoDockerConfigYet_CreatesItUnderHomeWithModeSixHundred()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "login", .. Admin]);

        string file = Path.Combine(_home.Path, ".docker", "config.json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("auths").TryGetProperty(FloeTestServer.AccountHost, out _));
    }

    [Fact]
    public async Task Login_DockerOnPath_RunsDockerLoginWithTheTokenOnStandardInput()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_home.Path, "bin")).FullName;
        string record = Path.Combine(_home.Path, "docker-call");
        WriteScript(Path.Combine(bin, "docker"), $"echo \"$@\" > '{record}'; /bin/cat >> '{record}'; echo 'Login Succeeded'");
        WriteScript(Path.Combine(bin, "podman"), "echo podman must not run >&2; exit 3");

        CliRun run = await RunAsync(Variables(("PATH", bin)), ["spcs", "image-registry", "login", .. Admin]);

        Assert.Equal((0, "Login Succeeded\n", ""), (run.ExitCode, run.Output, run.Error));
        string[] lines = File.ReadAllLines(record);
        Assert.Equal($"login --username 0sessiontoken --password-stdin {FloeTestServer.AccountHost}", lines[0]);
        (HttpStatusCode status, _) = await fixture.Server.RegistryTokenAsync("0sessiontoken", lines[1], "repository:db/sch/repo/app:pull");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(File.Exists(Path.Combine(_home.Path, ".docker", "config.json")));
    }

    [Fact]
    public async Task Login_OnlyPodmanOnPath_RunsPodmanLogin()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_home.Path, "bin")).FullName;
        string record = Path.Combine(_home.Path, "podman-call");
        WriteScript(Path.Combine(bin, "podman"), $"echo \"$@\" > '{record}'; echo 'Login Succeeded!'");

        CliRun run = await RunAsync(Variables(("PATH", bin)), ["spcs", "image-registry", "login", .. Admin]);

        Assert.Equal((0, "Login Succeeded!\n"), (run.ExitCode, run.Output));
        // Floe is reached over plain HTTP here, which podman only speaks when told to.
        Assert.Equal($"login --tls-verify=false --username 0sessiontoken --password-stdin {FloeTestServer.AccountHost}", File.ReadAllLines(record)[0]);
    }

    [Theory]
    [InlineData("podman", "http://127.0.0.1:5000", "login --tls-verify=false --username 0sessiontoken --password-stdin h:5000")]
    [InlineData("podman", "https://floe.example.com", "login --username 0sessiontoken --password-stdin h:5000")]
    [InlineData("docker", "http://127.0.0.1:5000", "login --username 0sessiontoken --password-stdin h:5000")]
    public void LoginArguments_PlainHttpTurnsOffTlsForPodmanOnly(string tool, string floe, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Floe.Cli.Commands.RegistryLogin.LoginArguments(tool, "h:5000", new Uri(floe))));
    }

    [Fact]
    public async Task Login_DockerFails_ExitsOneWithItsMessage()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_home.Path, "bin")).FullName;
        WriteScript(Path.Combine(bin, "docker"), "/bin/cat > /dev/null; echo 'Error response from daemon: no such host' >&2; exit 1");

        CliRun run = await RunAsync(Variables(("PATH", bin)), ["spcs", "image-registry", "login", .. Admin]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"docker login {FloeTestServer.AccountHost} failed (exit code 1): Error response from daemon: no such host\n", run.Error);
    }

    [Fact]
    public async Task Login_UnreadableDockerConfig_ExitsOneAndLeavesItAlone()
    {
        string dockerConfig = Path.Combine(_home.Path, "dc");
        string file = _home.WriteFile(Path.Combine("dc", "config.json"), "not json");

        CliRun run = await RunAsync(Variables(("DOCKER_CONFIG", dockerConfig)), ["spcs", "image-registry", "login", .. Admin]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"cannot read Docker config file {file}", run.Error, StringComparison.Ordinal);
        Assert.Equal("not json", File.ReadAllText(file));
    }

    [Fact]
    public async Task Token_WrongPassword_ExitsOne()
    {
        CliRun run = await RunAsync(Variables(), ["spcs", "image-registry", "token", "--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", "nope"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("authentication failed", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>An empty PATH (no docker, no podman) unless given, plus the given variables.</summary>
    private static Dictionary<string, string> Variables(params (string Name, string Value)[] values)
    {
        Dictionary<string, string> variables = new() { ["PATH"] = "" };
        foreach ((string name, string value) in values)
        {
            variables[name] = value;
        }
        return variables;
    }

    private Task<CliRun> RunAsync(Dictionary<string, string> variables, string[] args) =>
        CliRun.InvokeAsync(fixture.Server.Environment(_home.Path, variables), args);
}
