using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// The real <c>floe serve</c> process on a free loopback port over its own data directory. The
/// repositories a test pushes to are created in the metadata store before the server starts, as
/// <c>CREATE IMAGE REPOSITORY</c> does.
/// </summary>
public sealed class FloeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private FloeProcess(string dataDir, int port)
    {
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The registry host as clients write it: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"http://{Host}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Creates the data directory with the given repositories (<c>db/schema/repo</c>) and starts the server.</summary>
    public static async Task<FloeProcess> StartAsync(params string[] repositories)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "floe-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        await CreateRepositoriesAsync(dataDir, repositories);
        FloeProcess floe = new(dataDir, FreePort());
        await floe.RestartAsync();
        return floe;
    }

    /// <summary>Starts the server again over the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FloeBinary.Path);
        foreach (string arg in new[] { "serve", "--listen", $"http://127.0.0.1:{Port}", "--data-dir", DataDir })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start floe");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>Ends the server the hard way: no shutdown code runs (a crash).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static async Task CreateRepositoriesAsync(string dataDir, string[] repositories)
    {
        await using SqliteMetadataStore store = new(new SqliteMetadataOptions { DatabasePath = Path.Combine(dataDir, "metadata.db") }, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        AccountRecord account = await store.EnsureAccountAsync("DEV", CancellationToken.None);
        foreach (string repository in repositories)
        {
            string[] parts = repository.Split('/');
            RepositoryKey key = new(UrlIdentifier.ToStored(parts[0])!, UrlIdentifier.ToStored(parts[1])!, UrlIdentifier.ToStored(parts[2])!);
            await store.CreateRepositoryAsync(new NewRepository(account.Id, key, "ACCOUNTADMIN", null), CancellationToken.None);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using HttpClient client = new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (int attempt = 0; attempt < 150; attempt++)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"floe serve exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"floe serve did not become healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
