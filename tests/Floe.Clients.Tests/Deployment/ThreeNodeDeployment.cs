using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.Deployment;

/// <summary>
/// The three-node deployment of docs/deployment.md, started as written: <c>deploy/three-nodes/run.sh</c>
/// runs three real <c>floe serve</c> nodes on free loopback ports and Debian's nginx round-robin in front
/// of them (<c>deploy/three-nodes/nginx.conf.template</c>), all on one PostgreSQL database of their own
/// and one key prefix of their own in Ceph's S3 bucket. Clients reach it on the bootstrap account's
/// hostname at nginx's port. An xunit class fixture: one deployment for a test class.
/// </summary>
public sealed partial class ThreeNodeDeployment : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly TestMetadataDatabase _database = TestMetadataDatabase.CreatePostgres();
    private readonly string _prefix = TestObjectStores.NewPrefix();
    private readonly ScratchDirectory _dir = ScratchDirectory.Create("f3n");
    private readonly StringBuilder _output = new();
    private HostsFile? _hosts;
    private Process? _run;

    /// <summary>nginx's port.</summary>
    public int ListenPort { get; } = FloeProcess.FreePort();

    /// <summary>The nodes' ports; node <c>n</c> (1 to 3) listens on <c>NodePorts[n - 1]</c>.</summary>
    public IReadOnlyList<int> NodePorts { get; } = [FloeProcess.FreePort(), FloeProcess.FreePort(), FloeProcess.FreePort()];

    /// <summary>The registry host as users write it, through nginx: <c>local-dev.registry.localhost:port</c>.</summary>
    public string Host => $"{FloeProcess.AccountHostName}:{ListenPort}";

    /// <summary>The <c>FLOE_*</c> settings every node runs with (a <c>floe</c> command on the same stores needs them too).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>What run.sh printed (its own lines; the nodes write to their logs).</summary>
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

    public async Task InitializeAsync()
    {
        _hosts = HostsFile.Map(FloeProcess.AccountHostName);
        Dictionary<string, string> settings = new(_database.EnvironmentVariables, StringComparer.Ordinal)
        {
            ["FLOE_ADMIN_PASSWORD"] = FloeProcess.AdminPassword,
            // A low hashing cost keeps logins quick in tests; production uses the default.
            ["FLOE_PASSWORDHASHITERATIONS"] = "1000",
        };
        foreach ((string key, string value) in TestObjectStores.S3Settings(_prefix))
        {
            settings["FLOE_" + key.ToUpperInvariant()] = value;
        }

        Settings = settings;
        ProcessStartInfo start = new("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(FloeBinary.RepositoryRoot, "deploy", "three-nodes", "run.sh"));
        start.ArgumentList.Add(_dir.Path);
        foreach ((string name, string value) in settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["FLOE_LISTEN_PORT"] = ListenPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["FLOE_NODE_PORTS"] = string.Join(' ', NodePorts);
        start.Environment["FLOE_COMMAND"] = $"dotnet {FloeBinary.Path}";
        TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _run = Process.Start(start) ?? throw new InvalidOperationException("could not start deploy/three-nodes/run.sh");
        _run.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.StartsWith("ready: ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _run.ErrorDataReceived += (_, e) => Append(e.Data);
        _run.BeginOutputReadLine();
        _run.BeginErrorReadLine();
        Task exited = _run.WaitForExitAsync();
        Task first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTimeout));
        if (first != ready.Task)
        {
            string why = first == exited ? $"exited with {_run.ExitCode}" : "did not get ready in time";
            throw new InvalidOperationException($"deploy/three-nodes/run.sh {why}:\n{Output}\n{NodeLogs()}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            if (!_run.HasExited)
            {
                // As a user stops it (Ctrl-C or a service manager's SIGTERM): run.sh stops nginx and the nodes.
                await Tool.RunAsync("kill", "-TERM", _run.Id.ToString(CultureInfo.InvariantCulture));
                using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
                try
                {
                    await _run.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _run.Kill(entireProcessTree: true);
                    await _run.WaitForExitAsync();
                }
            }

            _run.Dispose();
        }

        _hosts?.Dispose();
        _database.Dispose();
        TestObjectStores.DeleteS3Prefix(_prefix);
        await _dir.DeleteAsync();
    }

    /// <summary>A client of nginx (the deployment as users reach it), on the account's host.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ListenPort}") };

    /// <summary>A client of node <paramref name="node"/> (1 to 3) directly, past nginx.</summary>
    public HttpClient CreateNodeClient(int node) => new() { BaseAddress = new Uri($"http://127.0.0.1:{NodePorts[node - 1]}") };

    /// <summary>Runs SQL as the admin through nginx (whichever node it picks).</summary>
    public async Task<string> SqlAsync(string sql)
    {
        using HttpClient client = CreateClient();
        return await FloeProcess.SqlAsync(client, sql);
    }

    /// <summary>Runs SQL as the admin on node <paramref name="node"/> directly.</summary>
    public async Task<string> SqlOnNodeAsync(int node, string sql)
    {
        using HttpClient client = CreateNodeClient(node);
        return await FloeProcess.SqlAsync(client, sql);
    }

    /// <summary>Node <paramref name="node"/>'s output: its startup lines and its access log.</summary>
    public string NodeLog(int node)
    {
        string path = _dir.Combine($"node-{node}.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    /// <summary>The node (1 to 3) listening on an address as nginx logs it (<c>127.0.0.1:port</c>).</summary>
    public int NodeAt(string upstream)
    {
        int port = int.Parse(upstream[(upstream.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        int index = NodePorts.ToList().IndexOf(port);
        return index >= 0 ? index + 1 : throw new InvalidOperationException($"no node listens on {upstream}");
    }

    /// <summary>Every request nginx has logged so far, in order.</summary>
    public IReadOnlyList<ProxiedRequest> ProxiedRequests()
    {
        string path = _dir.Combine("logs", "access.log");
        if (!File.Exists(path))
        {
            return [];
        }

        List<ProxiedRequest> requests = [];
        foreach (string line in File.ReadAllLines(path))
        {
            Match match = AccessLogLine().Match(line);
            if (match.Success)
            {
                requests.Add(new ProxiedRequest(
                    match.Groups["method"].Value,
                    match.Groups["uri"].Value,
                    int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
                    [.. match.Groups["upstream"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)],
                    match.Groups["id"].Value));
            }
        }

        return requests;
    }

    /// <summary>Ends node <paramref name="node"/> with SIGKILL (no shutdown code runs); run.sh starts it again a second later.</summary>
    public async Task KillNodeAsync(int node)
    {
        string pid = (await File.ReadAllTextAsync(_dir.Combine($"node-{node}.pid"))).Trim();
        await Tool.CheckedAsync("kill", "-KILL", pid);
    }

    /// <summary>Waits until node <paramref name="node"/> answers <c>/readyz</c> with 200 (after run.sh started it again).</summary>
    public async Task WaitUntilNodeReadyAsync(int node)
    {
        using HttpClient client = CreateNodeClient(node);
        client.Timeout = TimeSpan.FromSeconds(2);
        for (int attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"node {node} did not become ready again:\n{Output}\n{NodeLog(node)}");
    }

    /// <summary><c>floe fsck</c> over the deployment's stores (its own empty data directory, the nodes' settings).</summary>
    public Task<Tool.Run> FsckAsync() =>
        FloeBinary.RunAsync(Settings, "fsck", "--data-dir", _dir.Combine("fsck-" + Guid.NewGuid().ToString("N")));

    private string NodeLogs() => string.Join('\n', Enumerable.Range(1, 3).Select(node => $"--- node {node}\n{NodeLog(node)}"));

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

    /// <summary>A line of nginx.conf.template's <c>floe</c> log format.</summary>
    [GeneratedRegex("\"(?<method>\\S+) (?<uri>\\S+)\" (?<status>\\d+) \\d+ upstream=(?<upstream>.*?) upstream_status=.*? request_id=(?<id>\\S*) duration=")]
    private static partial Regex AccessLogLine();

    /// <summary>
    /// One request as nginx logged it: the nodes it tried, in order (more than one when it passed over a
    /// node that was down), and the <c>X-Request-Id</c> of the node that answered.
    /// </summary>
    public sealed record ProxiedRequest(string Method, string Uri, int Status, IReadOnlyList<string> Upstreams, string RequestId)
    {
        /// <summary>The node address that answered (the last one tried).</summary>
        public string Upstream => Upstreams.Count > 0 ? Upstreams[^1] : "-";
    }
}
