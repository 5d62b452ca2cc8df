using System.Net;
using System.Net.Sockets;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Hosting;

/// <summary>
/// How the real <c>floe serve</c> starts, or refuses to: one process owns a data directory, every
/// startup failure is one line on standard error with exit code 2 and nothing written before it, and a
/// server that starts says which account host it serves and how to log in.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "floe-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        else if (File.Exists(_dataDir))
        {
            File.Delete(_dataDir);
        }
    }

    [Fact]
    public async Task Serve_SecondServerOnTheSameDataDir_ExitsTwoNamingTheFirstProcess()
    {
        await using FloeProcess first = await FloeProcess.StartAsync();

        Tool.Run second = await ServeAsync(first.DataDir, $"http://127.0.0.1:{FloeProcess.FreePort()}");

        string line = AssertOneLineFailure(second);
        Assert.Contains($"the data directory '{first.DataDir}' is in use by another floe serve (process {first.ProcessId})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsTwoWithoutCreatingTheDataDirOrAPassword()
    {
        using TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        Tool.Run run = await ServeAsync(_dataDir, $"http://127.0.0.1:{port}");

        string line = AssertOneLineFailure(run);
        Assert.Contains($"cannot listen on http://127.0.0.1:{port}: port {port} is already in use", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir), "the data directory was created before the failure");
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Serve_ListenWithoutScheme_ExitsTwoSayingHowToWriteIt()
    {
        Tool.Run run = await ServeAsync(_dataDir, "127.0.0.1:5002");

        string line = AssertOneLineFailure(run);
        Assert.Equal("floe serve: the listen address '127.0.0.1:5002' has no scheme: write http://127.0.0.1:5002 (or https://127.0.0.1:5002 with --tls-cert and --tls-key)", line);
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public async Task Serve_DataDirIsAFile_ExitsTwoNamingIt()
    {
        await File.WriteAllTextAsync(_dataDir, "not a directory");

        Tool.Run run = await ServeAsync(_dataDir, $"http://127.0.0.1:{FloeProcess.FreePort()}");

        string line = AssertOneLineFailure(run);
        Assert.Equal($"floe serve: the data directory '{_dataDir}' is a file, not a directory (--data-dir)", line);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Serve_Started_PrintsTheAccountHostAndHowToLogIn()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync();

        string output = await WaitForOutputAsync(floe, "docker login");

        Assert.Contains($"Floe is serving account LOCAL.DEV at http://{floe.AccountHost} (also http://{floe.Host} for the default account DEV)", output, StringComparison.Ordinal);
        Assert.Contains($"floe connection add -n dev --host http://{floe.AccountHost} --user ADMIN", output, StringComparison.Ordinal);
        Assert.Contains($"docker login {floe.AccountHost} -u ADMIN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AspNetStyleEnvironmentVariable_IsApplied()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["Floe__RequireAuthentication"] = "false" });
        using HttpClient client = floe.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits (bounded) for the server's output to hold <paramref name="text"/>: the log is written asynchronously.</summary>
    internal static async Task<string> WaitForOutputAsync(FloeProcess floe, string text)
    {
        for (int attempt = 0; attempt < 100 && !floe.Output.Contains(text, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
        }

        return floe.Output;
    }

    private static Task<Tool.Run> ServeAsync(string dataDir, string listen) =>
        Tool.RunAsync("dotnet", [FloeBinary.Path, "serve", "--data-dir", dataDir, "--listen", listen]);

    private static string AssertOneLineFailure(Tool.Run run)
    {
        Assert.Equal(2, run.ExitCode);
        string[] lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "expected one line on standard error:\n" + run.Stderr);
        return lines[0];
    }
}
