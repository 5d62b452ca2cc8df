using System.Text;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// The real <c>docker</c> command line against one <see cref="DockerDaemon"/>, with its own
/// <c>DOCKER_CONFIG</c> directory so the credentials a test logs in with are its own. Builds use the
/// classic builder (<c>DOCKER_BUILDKIT=0</c>): it needs no buildx plugin and a <c>FROM scratch</c> image
/// with <c>COPY</c> needs nothing from a network.
/// </summary>
public sealed class DockerClient : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    internal DockerClient(string daemonHost)
    {
        ConfigDir = Path.Combine(Path.GetTempPath(), "floe-docker-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ConfigDir);
        _environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = daemonHost,
            ["DOCKER_CONFIG"] = ConfigDir,
            ["DOCKER_BUILDKIT"] = "0",
            ["DOCKER_CLI_HINTS"] = "false",
        };
    }

    public string ConfigDir { get; }

    /// <summary>
    /// <c>DOCKER_HOST</c> and <c>DOCKER_CONFIG</c> of this client: give them to another program that runs
    /// <c>docker login</c> itself (e.g. <c>floe spcs image-registry login</c>) so its login lands here.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    public Task<Tool.Run> RunAsync(params string[] arguments) => Tool.RunAsync("docker", arguments, _environment, stdin: null);

    public async Task<string> CheckedAsync(params string[] arguments) =>
        (await RunAsync(arguments)).EnsureSuccess("docker " + string.Join(' ', arguments)).Stdout;

    /// <summary><c>docker login -u user --password-stdin host</c>: the secret never appears on a command line.</summary>
    public Task<Tool.Run> LoginAsync(string registryHost, string user, string secret) =>
        Tool.RunAsync("docker", ["login", "--username", user, "--password-stdin", registryHost], _environment, secret);

    /// <summary>Builds <paramref name="image"/> <c>FROM scratch</c> with one file <c>/hello.txt</c> holding <paramref name="content"/>.</summary>
    public async Task BuildAsync(string image, string content)
    {
        string context = Path.Combine(Path.GetTempPath(), "floe-build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "hello.txt"), content);
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
            await CheckedAsync("build", "--tag", image, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>
    /// Builds <paramref name="image"/> <c>FROM scratch</c> with one <c>COPY</c> — one layer — for each of
    /// <paramref name="files"/> (name → content), in the order given.
    /// </summary>
    public async Task BuildLayersAsync(string image, IReadOnlyList<KeyValuePair<string, byte[]>> files)
    {
        string context = Path.Combine(Path.GetTempPath(), "floe-build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        try
        {
            StringBuilder dockerfile = new("FROM scratch\n");
            foreach ((string name, byte[] content) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(context, name), content);
                dockerfile.Append("COPY ").Append(name).Append(" /").Append(name).Append('\n');
            }

            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), dockerfile.ToString());
            await CheckedAsync("build", "--tag", image, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>Reads <c>/hello.txt</c> out of a local image: <c>docker create</c>, <c>docker cp</c>, <c>docker rm</c>.</summary>
    public async Task<string> ReadFileAsync(string image, string path = "/hello.txt")
    {
        // A scratch image has no command: give one, it never runs.
        string container = (await CheckedAsync("create", image, "/none")).Trim();
        string target = Path.Combine(Path.GetTempPath(), "floe-cp-" + Guid.NewGuid().ToString("N"));
        try
        {
            await CheckedAsync("cp", $"{container}:{path}", target);
            return await File.ReadAllTextAsync(target);
        }
        finally
        {
            File.Delete(target);
            await RunAsync("rm", "--force", container);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(ConfigDir))
        {
            Directory.Delete(ConfigDir, recursive: true);
        }
    }
}
