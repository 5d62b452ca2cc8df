using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Skopeo;

/// <summary>skopeo pushes and pulls umoci-built images through the real <c>floe serve</c>, byte-exact.</summary>
public sealed class SkopeoPushPullTests : IAsyncLifetime
{
    private const string Repository = "tutorial_db/data_schema/tutorial_repo";
    private FloeProcess _floe = null!;
    private OciLayout _layout = null!;
    private readonly List<string> _scratch = [];

    public async Task InitializeAsync()
    {
        _floe = await FloeProcess.StartAsync(Repository);
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("amd64", "amd64");
        await _layout.AddImageAsync("arm64", "arm64");
        await _layout.AddIndexAsync("multi", "amd64", "arm64");
    }

    public async Task DisposeAsync()
    {
        _layout.Dispose();
        foreach (string path in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }

        await _floe.DisposeAsync();
    }

    private string Reference(string image, string tag) => $"docker://{_floe.Host}/{Repository}/{image}:{tag}";

    [Fact]
    public async Task CopyThenInspectRaw_SingleArchImage_ManifestIsByteExact()
    {
        await Skopeo("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", Reference("app", "v1"));

        byte[] served = await InspectRawAsync(Reference("app", "v1"));

        Assert.Equal(await _layout.ManifestBytesAsync("amd64"), served);
    }

    [Fact]
    public async Task CopyBack_SingleArchImage_EveryBlobIsByteExact()
    {
        await Skopeo("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", Reference("app", "v1"));
        string pulled = Scratch();

        await Skopeo("copy", "--preserve-digests", "--src-tls-verify=false", "--src-creds", FloeProcess.AdminCredentials, Reference("app", "v1"), $"oci:{pulled}:v1");

        string[] pulledBlobs = Directory.GetFiles(Path.Combine(pulled, "blobs", "sha256"));
        Assert.Equal(3, pulledBlobs.Length); // manifest, config, one layer
        foreach (string blob in pulledBlobs)
        {
            Assert.Equal(await _layout.ReadBlobAsync("sha256:" + Path.GetFileName(blob)), await File.ReadAllBytesAsync(blob));
        }
    }

    [Fact]
    public async Task Inspect_SingleArchImage_ReportsArchitectureAndDigest()
    {
        await Skopeo("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:arm64", Reference("app", "arm"));

        using JsonDocument inspected = JsonDocument.Parse(await Skopeo("inspect", "--tls-verify=false", "--creds", FloeProcess.AdminCredentials, Reference("app", "arm")));

        Assert.Equal("arm64", inspected.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal("linux", inspected.RootElement.GetProperty("Os").GetString());
        string expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await _layout.ManifestBytesAsync("arm64")));
        Assert.Equal(expected, inspected.RootElement.GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task CopyAll_MultiArchIndex_IndexAndEveryPlatformAreByteExact()
    {
        await Skopeo("copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:multi", Reference("multi", "latest"));

        Assert.Equal(await _layout.ManifestBytesAsync("multi"), await InspectRawAsync(Reference("multi", "latest")));
        foreach (string platform in new[] { "amd64", "arm64" })
        {
            byte[] child = await _layout.ManifestBytesAsync(platform);
            string digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(child));
            Assert.Equal(child, await InspectRawAsync($"docker://{_floe.Host}/{Repository}/multi@{digest}"));
        }

        string pulled = Scratch();
        await Skopeo("copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--src-creds", FloeProcess.AdminCredentials, Reference("multi", "latest"), $"oci:{pulled}:latest");
        foreach (string blob in Directory.GetFiles(Path.Combine(pulled, "blobs", "sha256")))
        {
            Assert.Equal(await _layout.ReadBlobAsync("sha256:" + Path.GetFileName(blob)), await File.ReadAllBytesAsync(blob));
        }

        Assert.Equal(7, Directory.GetFiles(Path.Combine(pulled, "blobs", "sha256")).Length); // index + 2 × (manifest, config, layer)
    }

    [Fact]
    public async Task ListTags_AfterSeveralPushes_ListsEveryTagInOrder()
    {
        foreach (string tag in new[] { "v2", "v1", "latest" })
        {
            await Skopeo("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", Reference("tagged", tag));
        }

        using JsonDocument tags = JsonDocument.Parse(await Skopeo("list-tags", "--tls-verify=false", "--creds", FloeProcess.AdminCredentials, $"docker://{_floe.Host}/{Repository}/tagged"));

        Assert.Equal(["latest", "v1", "v2"], tags.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Copy_RepositoryNotCreated_IsRefused()
    {
        Tool.Run run = await Tool.RunAsync("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", $"docker://{_floe.Host}/nodb/noschema/norepo/app:v1");

        Assert.NotEqual(0, run.ExitCode);
    }

    private async Task<byte[]> InspectRawAsync(string reference)
    {
        // skopeo prints the raw manifest exactly as served, with nothing added.
        string raw = await Skopeo("inspect", "--raw", "--tls-verify=false", "--creds", FloeProcess.AdminCredentials, reference);
        return System.Text.Encoding.UTF8.GetBytes(raw);
    }

    private static Task<string> Skopeo(params string[] arguments) => Tool.CheckedAsync("skopeo", ["--insecure-policy", .. arguments]);

    private string Scratch()
    {
        string path = Path.Combine(Path.GetTempPath(), "floe-pull-" + Guid.NewGuid().ToString("N"));
        _scratch.Add(path);
        return path;
    }
}
