namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// The real <c>podman</c> and <c>buildah</c> over a container store of their own (<c>--root</c>,
/// <c>--runroot</c>, vfs storage) with their own auth file (<c>REGISTRY_AUTH_FILE</c>), so a test
/// shares no images and no logins with the machine or another test. Nothing runs in the background:
/// disposing removes the store (unmounting anything left mounted in it).
/// </summary>
public sealed class PodmanStore : IAsyncDisposable
{
    private readonly ScratchDirectory _dir;
    private readonly Dictionary<string, string> _environment;

    private PodmanStore(ScratchDirectory dir)
    {
        _dir = dir;
        _environment = new Dictionary<string, string> { ["REGISTRY_AUTH_FILE"] = AuthFile };
    }

    /// <summary>The auth file podman login writes and podman, buildah and skopeo (<c>--authfile</c>) read.</summary>
    public string AuthFile => _dir.Combine("auth.json");

    public static async Task<PodmanStore> CreateAsync()
    {
        PodmanStore store = new(ScratchDirectory.Create("fpm"));
        // podman refuses an auth file that does not exist yet (manifest add, push) until the first login.
        await File.WriteAllTextAsync(store.AuthFile, """{"auths":{}}""");
        return store;
    }

    public Task<Tool.Run> PodmanAsync(params string[] arguments) => Tool.RunAsync("podman", [.. StoreOptions, .. arguments], _environment, stdin: null);

    public async Task<string> PodmanCheckedAsync(params string[] arguments) =>
        (await PodmanAsync(arguments)).EnsureSuccess("podman " + string.Join(' ', arguments)).Stdout;

    public async Task<string> BuildahCheckedAsync(params string[] arguments) =>
        (await Tool.RunAsync("buildah", [.. StoreOptions, .. arguments], _environment, stdin: null)).EnsureSuccess("buildah " + string.Join(' ', arguments)).Stdout;

    /// <summary><c>podman login --tls-verify=false -u user --password-stdin host</c> into this store's auth file.</summary>
    public Task<Tool.Run> LoginAsync(string registryHost, string user, string secret) =>
        Tool.RunAsync("podman", [.. StoreOptions, "login", "--tls-verify=false", "--username", user, "--password-stdin", registryHost], _environment, secret);

    /// <summary>
    /// <c>buildah bud --platform</c> of a <c>FROM scratch</c> Containerfile that copies one file holding
    /// <paramref name="content"/> to <c>/hello.txt</c>; the image is tagged <paramref name="image"/> in this store.
    /// </summary>
    public async Task BuildAsync(string image, string platform, string content)
    {
        string context = _dir.Combine("build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        await File.WriteAllTextAsync(Path.Combine(context, "hello.txt"), content);
        await File.WriteAllTextAsync(Path.Combine(context, "Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        await BuildahCheckedAsync("bud", "--platform", platform, "--tag", image, context);
        Directory.Delete(context, recursive: true);
    }

    public ValueTask DisposeAsync() => new(_dir.DeleteAsync());

    private string[] StoreOptions => ["--root", _dir.Combine("root"), "--runroot", _dir.Combine("run"), "--storage-driver", "vfs"];
}
