using Floe.Core.Content;
using Floe.Core.Manifests;

namespace Floe.Core.Tests.Manifests;

public class ParsedManifestTests
{
    private static readonly Descriptor Config = Blob(MediaTypes.OciEmptyJson, 'c');

    [Theory]
    [InlineData(MediaTypes.DockerForeignLayer)]
    [InlineData(MediaTypes.OciNonDistributableLayer)]
    [InlineData(MediaTypes.OciNonDistributableLayerGzip)]
    [InlineData(MediaTypes.OciNonDistributableLayerZstd)]
    public void RequiredBlobs_NonDistributableLayerType_IsExcluded(string mediaType)
    {
        Descriptor kept = Blob("application/vnd.oci.image.layer.v1.tar", '1');
        ParsedManifest manifest = Image(kept, Blob(mediaType, '2'));

        Assert.Equal([Config, kept], manifest.RequiredBlobs);
    }

    [Fact]
    public void RequiredBlobs_LayerWithUrls_IsExcluded()
    {
        Descriptor external = Blob("application/vnd.oci.image.layer.v1.tar", '1') with { Urls = ["https://example.com/l"] };

        Assert.Equal([Config], Image(external).RequiredBlobs);
    }

    [Fact]
    public void RequiredBlobs_LayerWithEmptyUrls_IsRequired()
    {
        Descriptor layer = Blob("application/vnd.oci.image.layer.v1.tar", '1') with { Urls = [] };

        Assert.Equal([Config, layer], Image(layer).RequiredBlobs);
    }

    [Fact]
    public void RequiredBlobs_Index_IsEmpty()
    {
        var index = new ParsedManifest(MediaTypes.OciIndex, null, null, null, [], [Blob(MediaTypes.OciManifest, 'e')], null);

        Assert.Empty(index.RequiredBlobs);
    }

    private static ParsedManifest Image(params Descriptor[] layers) =>
        new(MediaTypes.OciManifest, null, null, Config, layers, [], null);

    private static Descriptor Blob(string mediaType, char hex) =>
        new(mediaType, Digest.Parse("sha256:" + new string(hex, 64)), 10);
}
