using Floe.Core.Content;
using Floe.Core.Manifests;
using static Floe.Core.Tests.Manifests.ManifestSamples;

namespace Floe.Core.Tests.Manifests;

public class ManifestParserTests
{
    [Fact]
    public void Parse_OciManifest_ExtractsConfigAndLayers()
    {
        ParsedManifest manifest = ParseValid(OciManifest, MediaTypes.OciManifest);

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(OciConfigType, manifest.ArtifactType);
        Assert.Null(manifest.Subject);
        Assert.Null(manifest.AnnotationsJson);
        AssertDescriptor(OciConfigType, ConfigDigest, 1469, manifest.Config);
        Assert.Collection(
            manifest.Layers,
            layer => AssertDescriptor(OciLayerType, Layer1Digest, 3623807, layer),
            layer => AssertDescriptor(OciLayerType, Layer2Digest, 32, layer));
        Assert.Empty(manifest.Manifests);
        Assert.Equal([ConfigDigest, Layer1Digest, Layer2Digest], DigestsOf(manifest.RequiredBlobs));
    }

    [Fact]
    public void Parse_OciIndex_ExtractsChildManifests()
    {
        ParsedManifest manifest = ParseValid(OciIndex, MediaTypes.OciIndex);

        Assert.Equal(MediaTypes.OciIndex, manifest.MediaType);
        Assert.Null(manifest.ArtifactType);
        Assert.Null(manifest.Subject);
        Assert.Null(manifest.Config);
        Assert.Empty(manifest.Layers);
        Assert.Collection(
            manifest.Manifests,
            child => AssertDescriptor(MediaTypes.OciManifest, AmdDigest, 7143, child),
            child => AssertDescriptor(MediaTypes.OciManifest, ArmDigest, 7682, child));
        Assert.Equal("""{ "org.opencontainers.image.ref.name": "1.0" }""", manifest.AnnotationsJson);
        Assert.Empty(manifest.RequiredBlobs);
    }

    [Fact]
    public void Parse_DockerManifest_ExtractsLayersAndSkipsForeignLayer()
    {
        ParsedManifest manifest = ParseValid(DockerManifest, MediaTypes.DockerManifest);

        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(DockerConfigType, manifest.ArtifactType);
        AssertDescriptor(DockerConfigType, ConfigDigest, 7023, manifest.Config);
        Assert.Collection(
            manifest.Layers,
            layer => AssertDescriptor(DockerLayerType, Layer1Digest, 32654, layer),
            layer => AssertDescriptor(MediaTypes.DockerForeignLayer, ForeignDigest, 1073741824, layer));
        Assert.Equal(["https://mcr.microsoft.com/v2/windows/blobs/x"], manifest.Layers[1].Urls);
        Assert.Equal([ConfigDigest, Layer1Digest], DigestsOf(manifest.RequiredBlobs));
    }

    [Fact]
    public void Parse_DockerManifestList_ExtractsChildManifests()
    {
        ParsedManifest manifest = ParseValid(DockerManifestList, MediaTypes.DockerManifestList);

        Assert.Equal(MediaTypes.DockerManifestList, manifest.MediaType);
        Assert.Null(manifest.ArtifactType);
        Assert.Null(manifest.Config);
        Assert.Empty(manifest.Layers);
        AssertDescriptor(MediaTypes.DockerManifest, AmdDigest, 7143, Assert.Single(manifest.Manifests));
        Assert.Null(manifest.AnnotationsJson);
    }

    [Fact]
    public void Parse_OciArtifact_ExtractsArtifactTypeSubjectAndEmptyConfig()
    {
        ParsedManifest manifest = ParseValid(OciArtifact, MediaTypes.OciManifest);

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(SbomType, manifest.ArtifactType);
        AssertDescriptor(MediaTypes.OciManifest, SubjectDigest, 1234, manifest.Subject);
        AssertDescriptor(MediaTypes.OciEmptyJson, EmptyDigest, 2, manifest.Config);
        Descriptor layer = Assert.Single(manifest.Layers);
        AssertDescriptor("application/spdx+json", Layer1Digest, 1024, layer);
        Assert.Equal(new Dictionary<string, string> { ["org.opencontainers.image.title"] = "sbom.spdx.json" }, layer.Annotations);
        Assert.Equal(
            """{"org.opencontainers.image.created": "2024-05-01T00:00:00Z", "x": "y"}""",
            manifest.AnnotationsJson);
        Assert.Equal([EmptyDigest, Layer1Digest], DigestsOf(manifest.RequiredBlobs));
    }

    [Fact]
    public void Parse_IndexWithArtifactTypeAndSubject_ReportsBoth()
    {
        string json = With(With(OciIndex, "artifactType", "\"application/vnd.example.bundle\""), "subject",
            $$"""{ "mediaType": "application/vnd.oci.image.index.v1+json", "digest": "{{SubjectDigest}}", "size": 10 }""");

        ParsedManifest manifest = ParseValid(json, MediaTypes.OciIndex);

        Assert.Equal("application/vnd.example.bundle", manifest.ArtifactType);
        AssertDescriptor(MediaTypes.OciIndex, SubjectDigest, 10, manifest.Subject);
    }

    [Fact]
    public void Parse_DescriptorOptionalFields_AreKept()
    {
        string json = With(OciIndex, "manifests.0",
            $$"""
            { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{AmdDigest}}", "size": 1,
              "artifactType": "application/vnd.example.sig", "annotations": { "a": "1", "b": "" }, "urls": [] }
            """);

        Descriptor child = ParseValid(json, null).Manifests[0];

        Assert.Equal("application/vnd.example.sig", child.ArtifactType);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = string.Empty }, child.Annotations);
        Assert.Equal([], child.Urls);
    }

    [Fact]
    public void Parse_Sha512Digest_IsAccepted()
    {
        string sha512 = "sha512:" + new string('0', 128);
        string json = With(OciManifest, "config.digest", $"\"{sha512}\"");

        Assert.Equal(sha512, ParseValid(json, null).Config!.Digest.ToString());
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("artifactType")]
    [InlineData("annotations")]
    [InlineData("layers.0.annotations")]
    [InlineData("layers.0.urls")]
    public void Parse_OptionalFieldIsJsonNull_TreatedAsAbsent(string path)
    {
        ParsedManifest manifest = ParseValid(With(OciArtifact, path, "null"), MediaTypes.OciManifest);

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Theory]
    [InlineData(MediaTypes.OciManifest, MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifest, MediaTypes.DockerManifest)]
    [InlineData("application/vnd.oci.image.manifest.v1+json; charset=utf-8", MediaTypes.OciManifest)]
    [InlineData("  Application/VND.oci.image.manifest.v1+json ;q=1", MediaTypes.OciManifest)]
    [InlineData(null, MediaTypes.OciManifest)]
    [InlineData("", MediaTypes.OciManifest)]
    [InlineData(" ; charset=utf-8", MediaTypes.OciManifest)]
    public void Parse_ImageManifestWithoutBodyMediaType_UsesContentTypeElseInfers(string? contentType, string expected)
    {
        string json = Without(OciManifest, "mediaType");

        Assert.Equal(expected, ParseValid(json, contentType).MediaType);
    }

    [Theory]
    [InlineData(MediaTypes.OciIndex, MediaTypes.OciIndex)]
    [InlineData(MediaTypes.DockerManifestList, MediaTypes.DockerManifestList)]
    [InlineData(null, MediaTypes.OciIndex)]
    public void Parse_IndexWithoutBodyMediaType_UsesContentTypeElseInfers(string? contentType, string expected)
    {
        string json = Without(OciIndex, "mediaType");

        Assert.Equal(expected, ParseValid(json, contentType).MediaType);
    }

    [Fact]
    public void Parse_BodyMediaTypeMatchesContentTypeInAnotherCase_UsesCanonicalType()
    {
        string json = With(OciManifest, "mediaType", "\"application/VND.OCI.image.manifest.v1+json\"");

        Assert.Equal(MediaTypes.OciManifest, ParseValid(json, "application/vnd.oci.IMAGE.manifest.v1+json").MediaType);
    }

    [Fact]
    public void Parse_EmptyLayers_IsAnArtifactWithOnlyItsConfigRequired()
    {
        ParsedManifest manifest = ParseValid(With(OciArtifact, "layers", "[]"), MediaTypes.OciManifest);

        Assert.Empty(manifest.Layers);
        Assert.Equal([EmptyDigest], DigestsOf(manifest.RequiredBlobs));
    }

    [Fact]
    public void Parse_UnknownFields_AreIgnored()
    {
        string json = With(With(OciManifest, "x-extension", """{ "any": [1, true] }"""), "layers.0.data", "\"AAAA\"");

        Assert.Equal(2, ParseValid(json, null).Layers.Count);
    }

    [Fact]
    public void Parse_PairedSurrogateEscape_IsAccepted()
    {
        string json = OciManifest.Replace(
            "\"schemaVersion\": 2,", "\"schemaVersion\": 2, \"annotations\": { \"emoji\": \"\\ud83d\\ude00\" },", StringComparison.Ordinal);

        Assert.Equal("""{ "emoji": "\ud83d\ude00" }""", ParseValid(json, null).AnnotationsJson);
    }

    internal static ParsedManifest ParseValid(string json, string? contentType)
    {
        var result = ManifestParser.Parse(Utf8(json), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static void AssertDescriptor(string mediaType, string digest, long size, Descriptor? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(mediaType, actual.MediaType);
        Assert.Equal(digest, actual.Digest.ToString());
        Assert.Equal(size, actual.Size);
    }

    private static string[] DigestsOf(IEnumerable<Descriptor> descriptors) =>
        [.. descriptors.Select(d => d.Digest.ToString())];
}
