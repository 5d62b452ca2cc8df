using BenchmarkDotNet.Attributes;
using Floe.Core.Content;
using Floe.Core.Naming;
using Floe.Server.Endpoints;

namespace Floe.Benchmarks.Requests;

/// <summary>
/// What every registry request parses before it touches a store: the <c>/v2/</c> path, the
/// repository name and, for blobs, the digest. Each returns a string it produced, so the work is
/// observable and cannot be dropped.
/// </summary>
[MemoryDiagnoser]
public class RequestParsingBenchmarks
{
    private const string Name = "tutorial_db/data_schema/tutorial_repo/my_echo_service_image";
    private const string Sha256 = "sha256:922badbaf192e1a4a5af64df422de6d73e96e70d0ab52245bd3d692bcea9cfad";

    private readonly string manifestByTagPath = Name + "/manifests/latest";
    private readonly string blobPath = Name + "/blobs/" + Sha256;
    private readonly string uploadPath = Name + "/blobs/uploads/0f8fad5bd9cb469fa16570867728950e";
    private readonly string tagListPath = Name + "/tags/list";
    private readonly string name = Name;
    private readonly string digest = Sha256;

    [Benchmark]
    public string? RouteManifestByTag() => Route(manifestByTagPath);

    [Benchmark]
    public string? RouteBlob() => Route(blobPath);

    [Benchmark]
    public string? RouteUploadChunk() => Route(uploadPath);

    [Benchmark]
    public string? RouteTagList() => Route(tagListPath);

    [Benchmark]
    public string? RegistryNameTryParse() =>
        RegistryName.TryParse(name, out RegistryName? parsed, out _) ? parsed.Image : null;

    [Benchmark]
    public string? DigestTryParse() =>
        Digest.TryParse(digest, out Digest parsed) ? parsed.Hex : null;

    private static string? Route(string path) =>
        RegistryRoute.TryParse(path, out RegistryRoute route) ? route.Name : null;
}
