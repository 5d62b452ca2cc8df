using BenchmarkDotNet.Attributes;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Manifests;

namespace Floe.Benchmarks.Manifests;

/// <summary>
/// The CPU work of a manifest PUT before any store is asked: validating the body
/// (<see cref="ManifestParser.Parse"/>) and hashing it for its digest.
/// </summary>
[MemoryDiagnoser]
public class ManifestParserBenchmarks
{
    private byte[] imageManifest = [];
    private byte[] index50 = [];

    [GlobalSetup]
    public void Setup()
    {
        imageManifest = BenchManifests.TypicalImageManifest();
        index50 = BenchManifests.Index(50);
        Require(ManifestParser.Parse(imageManifest, BenchManifests.OciManifestType));
        Require(ManifestParser.Parse(index50, BenchManifests.OciIndexType));
    }

    [Benchmark]
    public ParsedManifest? ParseImageManifest() =>
        ManifestParser.Parse(imageManifest, BenchManifests.OciManifestType).Value;

    [Benchmark]
    public ParsedManifest? ParseIndexOf50() =>
        ManifestParser.Parse(index50, BenchManifests.OciIndexType).Value;

    [Benchmark]
    public Digest DigestOfImageManifest() => Digest.Sha256Of(imageManifest);

    private static void Require(Result<ParsedManifest> parsed)
    {
        if (!parsed.IsSuccess)
        {
            throw new InvalidOperationException("benchmark manifest rejected: " + parsed.Error.Detail);
        }
    }
}
