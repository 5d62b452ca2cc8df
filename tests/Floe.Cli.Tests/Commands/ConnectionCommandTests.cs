using System.Text.Json;
using Floe.Cli.Connections;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe connection add | list | test</c>; <c>test</c> logs in to a real in-process Floe.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectionCommandTests(FloeServerFixture fixture) : IClassFixture<FloeServerFixture>, IDisposable
{
    private readonly TempDirectory _home = new();

    private string DefaultConfig => Path.Combine(_home.Path, ".floe", "config.toml");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_NoConfigYet_CreatesItWithModeSixHundredAndNeverPrintsSecrets()
    {
        CliRun run = await RunAsync(["connection", "add", "-n", "dev", "--host", "127.0.0.1:5000", "--user", "ADMIN",
            "--password", "hunter2-secret", "--role", "SYSADMIN", "--default"]);

        Assert.Equal((0, $"Connection 'dev' written to {DefaultConfig}.\n", ""), (run.ExitCode, run.Output, run.Error));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DefaultConfig));
        Assert.DoesNotContain("hunter2", run.Output + run.Error, StringComparison.Ordinal);
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out string error), error);
        Assert.Equal("dev", config.DefaultConnectionName);
        Assert.Equal(
            new ConnectionSettings { Host = "127.0.0.1:5000", User = "ADMIN", Password = "hunter2-secret", Role = "SYSADMIN" },
            config.Connections["dev"]);
    }

    [Fact]
    public async Task Add_UserWithoutPassword_AsksOnTheTerminalWithoutEchoAndSavesIt()
    {
        List<string> prompts = [];
        CliEnvironment terminal = fixture.Server.Environment(_home.Path) with
        {
            ReadSecret = prompt =>
            {
                prompts.Add(prompt);
                return "typed-secret";
            },
        };

        CliRun run = await CliRun.InvokeAsync(terminal, "connection", "add", "-n", "dev", "--host", "h", "--username", "ADMIN");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal(["Password: "], prompts);
        Assert.DoesNotContain("typed-secret", run.Output, StringComparison.Ordinal);
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out string error), error);
        Assert.Equal(new ConnectionSettings { Host = "h", User = "ADMIN", Password = "typed-secret" }, config.Connections["dev"]);
    }

    [Fact]
    public async Task Add_UserWithoutPassword_RedirectedInput_ReadsItsFirstLine()
    {
        CliEnvironment piped = fixture.Server.Environment(_home.Path) with { Input = new StringReader("piped-secret\nnext\n"), IsInputRedirected = true };

        CliRun run = await CliRun.InvokeAsync(piped, "connection", "add", "-n", "dev", "--host", "h", "--user", "ADMIN");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out string error), error);
        Assert.Equal("piped-secret", config.Connections["dev"].Password);
    }

    [Fact]
    public async Task Add_UserWithoutPassword_EmptyInput_AddsItWithoutOneAndSaysSo()
    {
        CliEnvironment empty = fixture.Server.Environment(_home.Path) with { IsInputRedirected = true };

        CliRun run = await CliRun.InvokeAsync(empty, "connection", "add", "-n", "dev", "--host", "h", "--user", "ADMIN", "--warehouse", "WH");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: --warehouse is ignored", run.Error, StringComparison.Ordinal);
        Assert.Contains("note: the connection has no password", run.Error, StringComparison.Ordinal);
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out string error), error);
        Assert.Equal(new ConnectionSettings { Host = "h", User = "ADMIN" }, config.Connections["dev"]);
    }

    [Fact]
    public async Task Add_EncryptedPrivateKey_AsksForItsPassphrase()
    {
        using System.Security.Cryptography.RSA key = System.Security.Cryptography.RSA.Create(2048);
        string keyFile = _home.WriteFile("svc.p8", key.ExportEncryptedPkcs8PrivateKeyPem("open sesame"u8,
            new System.Security.Cryptography.PbeParameters(
                System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000)));
        List<string> prompts = [];
        CliEnvironment terminal = fixture.Server.Environment(_home.Path) with
        {
            ReadSecret = prompt =>
            {
                prompts.Add(prompt);
                return "open sesame";
            },
        };

        CliRun run = await CliRun.InvokeAsync(terminal, "connection", "add", "-n", "svc", "--host", "myorg-acct.registry.example.com",
            "--user", "SVC", "--private-key-path", keyFile);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal(["Private key passphrase: "], prompts);
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out string error), error);
        Assert.Equal(
            new ConnectionSettings { Host = "myorg-acct.registry.example.com", User = "SVC", PrivateKeyFile = keyFile, PrivateKeyPassphrase = "open sesame" },
            config.Connections["svc"]);
    }

    [Fact]
    public async Task Add_PromptAbandoned_AddsNothingAndExitsTwo()
    {
        CliEnvironment terminal = fixture.Server.Environment(_home.Path) with { ReadSecret = _ => null };

        CliRun run = await CliRun.InvokeAsync(terminal, "connection", "add", "-n", "dev", "--host", "h", "--user", "ADMIN");

        Assert.Equal((2, "no password entered: the connection was not added\n"), (run.ExitCode, run.Error));
        Assert.False(File.Exists(DefaultConfig));
    }

    [Fact]
    public async Task Add_ExistingFile_KeepsOtherConnectionsAndSettings()
    {
        string file = _home.WriteFile("floe.toml",
            "default_connection_name = \"prod\"\n\n[connections.prod]\nhost = \"prod.example.com\"\nuser = \"ME\"\n\n[cli]\nlog = \"info\"\n");

        CliRun run = await RunAsync(["connection", "add", "-n", "key", "--config-file", file, "--host", "myorg-acct.registry.example.com",
            "--user", "svc", "--private-key-file", "/keys/rsa.p8", "--account", "myorg-acct"]);

        Assert.Equal(0, run.ExitCode);
        string text = File.ReadAllText(file);
        Assert.Contains("log = \"info\"", text, StringComparison.Ordinal);
        Assert.True(ConnectionConfig.TryParse(text, file, out ConnectionConfig config, out _));
        Assert.Equal("prod", config.DefaultConnectionName);
        Assert.Equal(new ConnectionSettings { Host = "prod.example.com", User = "ME" }, config.Connections["prod"]);
        Assert.Equal(
            new ConnectionSettings { Host = "myorg-acct.registry.example.com", Account = "myorg-acct", User = "svc", PrivateKeyFile = "/keys/rsa.p8" },
            config.Connections["key"]);
    }

    [Fact]
    public async Task Add_ExistingName_ExitsOneUnlessOverwrite()
    {
        await RunAsync(["connection", "add", "-n", "dev", "--host", "a"]);

        CliRun again = await RunAsync(["connection", "add", "-n", "dev", "--host", "b"]);
        CliRun overwritten = await RunAsync(["connection", "add", "-n", "dev", "--host", "c", "--overwrite"]);

        Assert.Equal((1, $"connection 'dev' already exists in {DefaultConfig} (use --overwrite to replace it)\n"), (again.ExitCode, again.Error));
        Assert.Equal(0, overwritten.ExitCode);
        Assert.True(ConnectionConfig.TryLoad(DefaultConfig, out ConnectionConfig config, out _));
        Assert.Equal("c", config.Connections["dev"].Host);
    }

    [Fact]
    public async Task Add_WithoutName_ExitsTwo()
    {
        CliRun run = await RunAsync(["connection", "add", "--host", "a"]);

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(DefaultConfig));
    }

    [Fact]
    public async Task List_MasksSecretsAndMarksTheDefault()
    {
        _home.WriteDefaultConfig(
            "default_connection_name = \"b\"\n[connections.a]\nhost = \"h1\"\npassword = \"pw-secret\"\n" +
            "[connections.b]\nhost = \"h2\"\ntoken = \"tok-secret\"\nprivate_key_passphrase = \"pp-secret\"\n");

        CliRun json = await RunAsync(["connection", "list", "--format", "json"]);
        CliRun table = await RunAsync(["connection", "list"]);

        Assert.Equal(0, json.ExitCode);
        Assert.DoesNotContain("secret", json.Output + table.Output, StringComparison.Ordinal);
        JsonElement[] entries = [.. JsonDocument.Parse(json.Output).RootElement.EnumerateArray()];
        Assert.Equal(["a", "b"], entries.Select(e => e.GetProperty("connection_name").GetString()));
        Assert.Equal([false, true], entries.Select(e => e.GetProperty("is_default").GetBoolean()));
        Assert.Equal("****", entries[0].GetProperty("parameters").GetProperty("password").GetString());
        Assert.Equal("h2", entries[1].GetProperty("parameters").GetProperty("host").GetString());
        Assert.Equal("****", entries[1].GetProperty("parameters").GetProperty("token").GetString());
        Assert.Contains("| a               | {\"host\":\"h1\",\"password\":\"****\"}", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NoConfigFile_PrintsAnEmptyList()
    {
        CliRun run = await RunAsync(["connection", "list", "--format", "json"]);

        Assert.Equal((0, "[]\n"), (run.ExitCode, run.Output));
    }

    [Fact]
    public async Task Test_NamedConnection_LogsInAndShowsTheSession()
    {
        _home.WriteDefaultConfig(
            $"[connections.local]\nhost = \"127.0.0.1:5000\"\nuser = \"admin\"\npassword = \"{FloeTestServer.AdminPassword}\"\nrole = \"SYSADMIN\"\n");

        CliRun run = await RunAsync(["connection", "test", "-c", "local", "--format", "json"]);

        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        Assert.Equal("local", root.GetProperty("connection_name").GetString());
        Assert.Equal("OK", root.GetProperty("status").GetString());
        Assert.Equal("ADMIN", root.GetProperty("user").GetString());
        Assert.Equal("SYSADMIN", root.GetProperty("role").GetString());
        Assert.Equal("DEV", root.GetProperty("account").GetString());
        Assert.Equal(FloeTestServer.AccountHost, root.GetProperty("registry_host").GetString());
    }

    [Fact]
    public async Task Test_TableFormat_KeyValueRows()
    {
        CliRun run = await RunAsync(["connection", "test", "--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", FloeTestServer.AdminPassword]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("| Status          | OK ", run.Output, StringComparison.Ordinal);
        Assert.Contains("| User            | ADMIN ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(FloeTestServer.AdminPassword, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WrongPassword_ExitsOneWithTheServersMessage()
    {
        _home.WriteDefaultConfig("[connections.default]\nhost = \"127.0.0.1:5000\"\nuser = \"ADMIN\"\npassword = \"wrong\"\n");

        CliRun run = await RunAsync(["connection", "test"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("authentication failed: ", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Test_UndefinedConnection_ExitsTwo()
    {
        CliRun run = await RunAsync(["connection", "test", "-c", "nope"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"connection 'nope' is not defined in {DefaultConfig}\n", run.Error);
    }

    private Task<CliRun> RunAsync(string[] args) => CliRun.InvokeAsync(fixture.Server.Environment(_home.Path), args);
}
