using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Floe.Testing;

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
    private readonly TestCertificates? _tls;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly TestMetadataDatabase? _database;

    private FloeProcess(string dataDir, int port, TestCertificates? tls, IReadOnlyDictionary<string, string>? environment)
    {
        DataDir = dataDir;
        Port = port;
        _tls = tls;
        Dictionary<string, string> variables = new(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        // The run's metadata store (FLOE_TEST_METADATASTORE) unless the test chose one itself (two nodes on one database).
        if (!variables.ContainsKey("FLOE_METADATASTORE"))
        {
            _database = TestMetadataDatabase.Create();
            foreach ((string name, string value) in _database.EnvironmentVariables)
            {
                variables[name] = value;
            }
        }

        _environment = variables;
    }

    /// <summary>The bootstrap admin's password (set through <c>FLOE_ADMIN_PASSWORD</c>).</summary>
    public const string AdminPassword = "e2e-admin-secret";

    public string DataDir { get; }

    /// <summary>The id of the running server process.</summary>
    public int ProcessId => _process!.Id;

    /// <summary>The <c>FLOE_*</c> settings the server runs with beyond its flags (its metadata store): a <c>floe</c> command on the same stores needs them too.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    public int Port { get; }

    /// <summary>The registry host as clients write it: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"{(_tls is null ? "http" : "https")}://{Host}");

    /// <summary>The bootstrap account's hostname; map it with <see cref="HostsFile.Map"/> for docker, podman and skopeo.</summary>
    public const string AccountHostName = "local-dev.registry.localhost";

    /// <summary>The bootstrap account's registry host as its users write it: <c>local-dev.registry.localhost:port</c>.</summary>
    public string AccountHost => $"{AccountHostName}:{Port}";

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

    /// <summary>Starts a server over a new data directory and creates the given repositories (<c>db/sch/repo</c>) with SQL.</summary>
    public static Task<FloeProcess> StartAsync(params string[] repositories) => StartAsync(tls: null, environment: null, repositories);

    /// <summary>As <see cref="StartAsync(string[])"/>, serving HTTPS with <paramref name="tls"/>'s certificate when given.</summary>
    public static Task<FloeProcess> StartAsync(TestCertificates? tls, params string[] repositories) => StartAsync(tls, environment: null, repositories);

    /// <summary>As <see cref="StartAsync(string[])"/>, with more <c>FLOE_*</c> settings in the server's environment.</summary>
    public static Task<FloeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] repositories) =>
        StartAsync(null, environment, repositories);

    /// <summary>As <see cref="StartAsync(string[])"/>, over <paramref name="dataDir"/> (created if missing, deleted on dispose).</summary>
    public static Task<FloeProcess> StartInAsync(string dataDir, params string[] repositories) =>
        StartAsync(null, null, repositories, dataDir);

    /// <summary>As <see cref="StartAsync(string[])"/>, over <paramref name="dataDir"/> with more <c>FLOE_*</c> settings (another node of a deployment).</summary>
    public static Task<FloeProcess> StartInAsync(string dataDir, IReadOnlyDictionary<string, string> environment) =>
        StartAsync(null, environment, [], dataDir);

    private static async Task<FloeProcess> StartAsync(
        TestCertificates? tls, IReadOnlyDictionary<string, string>? environment, string[] repositories, string? dataDir = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "floe-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        FloeProcess floe = new(dataDir, FreePort(), tls, environment);
        await floe.RestartAsync();
        foreach (string repository in repositories)
        {
            string[] parts = repository.Split('/');
            await floe.SqlAsync(
                $"CREATE DATABASE IF NOT EXISTS {parts[0]}; CREATE SCHEMA IF NOT EXISTS {parts[0]}.{parts[1]}; " +
                $"CREATE IMAGE REPOSITORY IF NOT EXISTS {parts[0]}.{parts[1]}.{parts[2]};");
        }

        return floe;
    }

    /// <summary>The admin's credentials as skopeo takes them (<c>--creds</c>, <c>--dest-creds</c>, <c>--src-creds</c>).</summary>
    public static string AdminCredentials => "ADMIN:" + AdminPassword;

    /// <summary>A registry token for the bootstrap admin, as a docker client gets one (GET /oauth/token with Basic).</summary>
    public async Task<string> RegistryTokenAsync(params string[] scopes)
    {
        using HttpClient client = CreateClient();
        string query = "?service=" + Uri.EscapeDataString(Host) + string.Concat(scopes.Select(s => "&scope=" + Uri.EscapeDataString(s)));
        using HttpRequestMessage request = new(HttpMethod.Get, "/oauth/token" + query);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminCredentials)));
        HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!
            : throw new InvalidOperationException($"registry token refused: {body}");
    }

    /// <summary>Runs SQL as the bootstrap admin over the SQL API; it must succeed. Returns the response body.</summary>
    public async Task<string> SqlAsync(string sql)
    {
        using HttpClient client = CreateClient();
        return await SqlAsync(client, sql);
    }

    /// <summary>Runs SQL as the bootstrap admin over the SQL API at <paramref name="client"/>'s base address (a node or a load balancer in front of nodes).</summary>
    public static async Task<string> SqlAsync(HttpClient client, string sql)
    {
        using FormUrlEncodedContent form = new(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "ADMIN",
            ["password"] = AdminPassword,
        });
        HttpResponseMessage login = await client.PostAsync("/oauth/token", form);
        string loginBody = await login.Content.ReadAsStringAsync();
        if (!login.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"login failed: {loginBody}");
        }

        string token = System.Text.Json.JsonDocument.Parse(loginBody).RootElement.GetProperty("token").GetString()!;
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["statement"] = sql }),
        };
        request.Headers.Authorization = new("Bearer", token);
        HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{sql} failed: {body}");
    }

    /// <summary>
    /// Starts the server again over the same data directory and port; <paramref name="environment"/> sets
    /// more variables for this start only (another <c>HOME</c>, as if the node came back on another machine).
    /// </summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FLOE_ADMIN_PASSWORD"] = AdminPassword;
        // A low hashing cost keeps logins quick in tests; production uses the default.
        start.Environment["FLOE_PASSWORDHASHITERATIONS"] = "1000";
        foreach ((string name, string value) in _environment.Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(FloeBinary.Path);
        foreach (string arg in new[] { "serve", "--listen", $"{BaseAddress.Scheme}://127.0.0.1:{Port}", "--data-dir", DataDir })
        {
            start.ArgumentList.Add(arg);
        }

        if (_tls is not null)
        {
            foreach (string arg in new[] { "--tls-cert", _tls.CertFile, "--tls-key", _tls.KeyFile })
            {
                start.ArgumentList.Add(arg);
            }
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start floe");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>Asks the server to stop as a service manager does (SIGTERM) and waits for it; its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        await Tool.CheckedAsync("kill", "-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
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
        _database?.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using HttpClient client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(2);
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
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"floe serve did not become healthy:\n{Output}");
    }

    /// <summary>A client for <see cref="BaseAddress"/> that trusts the test CA when the server serves HTTPS.</summary>
    public HttpClient CreateClient() =>
        new(_tls?.CreateHandler() ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = BaseAddress };

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

    public static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
