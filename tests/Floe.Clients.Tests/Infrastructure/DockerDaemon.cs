using System.Diagnostics;
using System.Text;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// A real <c>dockerd</c> of its own, for one xunit collection: vfs storage (works on any file system,
/// no overlay mounts), no bridge and no iptables rules (nothing on the host changes), its socket, data
/// and exec roots in one short directory under <c>/tmp</c>. It treats a registry whose host resolves
/// into 127.0.0.0/8 as insecure, so it talks plain HTTP to <c>floe serve</c> on loopback. Disposing it
/// stops the daemon (SIGTERM, then SIGKILL of its whole tree) and removes every directory it used.
/// Each test talks to it through its own <see cref="DockerClient"/> (own credentials).
/// The daemon resolves names itself and keeps what it read of <c>/etc/hosts</c> for a few seconds, so
/// the account hostnames it will reach (<see cref="Hostnames"/>) are mapped before it starts and stay
/// mapped while it runs.
/// </summary>
public sealed class DockerDaemon : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly StringBuilder _log = new();
    private ScratchDirectory? _dir;
    private HostsFile? _hosts;
    private Process? _process;

    /// <summary>The hostnames mapped to 127.0.0.1 for the daemon's whole life: the bootstrap account's.</summary>
    public static IReadOnlyList<string> Hostnames { get; } = [FloeProcess.AccountHostName];

    /// <summary>The daemon's socket as <c>docker -H</c> and <c>DOCKER_HOST</c> take it.</summary>
    public string Host => $"unix://{_dir!.Combine("docker.sock")}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        _hosts = HostsFile.Map([.. Hostnames]);
        _dir = ScratchDirectory.Create("fdk");
        ProcessStartInfo start = new("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--storage-driver=vfs", "--iptables=false", "--ip6tables=false", "--bridge=none",
            "--host", Host,
            "--data-root", _dir.Combine("data"),
            "--exec-root", _dir.Combine("x"),
            "--pidfile", _dir.Combine("dockerd.pid"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("could not start dockerd");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await DisposeAsync();
            throw new InvalidOperationException("dockerd is not installed: scripts/test.sh installs Debian's docker.io", ex);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await WaitUntilAnsweringAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this daemon with its own <c>DOCKER_CONFIG</c> directory (its own logins).</summary>
    public DockerClient NewClient() => new(Host);

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets dockerd stop its containerd and unmount what it mounted.
                await Tool.RunAsync("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using CancellationTokenSource bound = new(StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(bound.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            _process.Dispose();
            _process = null;
        }

        if (_dir is not null)
        {
            await _dir.DeleteAsync();
            _dir = null;
        }

        _hosts?.Dispose();
        _hosts = null;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with {_process.ExitCode}:\n{Log}");
            }

            if ((await Tool.RunAsync("docker", "-H", Host, "info", "--format", "{{.ServerVersion}}")).ExitCode == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"dockerd did not answer on {Host} within {StartTimeout}:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}

/// <summary>The one xunit collection that shares a <see cref="DockerDaemon"/>; its test classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DockerDaemonCollection : ICollectionFixture<DockerDaemon>
{
    public const string Name = "docker daemon";
}
