using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Manifests;
using static Floe.Core.Tests.Manifests.ManifestSamples;

namespace Floe.Core.Tests.Manifests;

public class ManifestParserRejectionTests
{
    private const string NotJson = "manifest is not valid JSON: ";
    private const string UnpairedSurrogate = "manifest has a string with an unpaired surrogate escape at byte ";

    [Theory]
    [InlineData("manifest", "config", null, "config is missing")]
    [InlineData("manifest", "config", "\"x\"", "config must be a JSON object")]
    [InlineData("manifest", "layers", null, "layers is missing")]
    [InlineData("manifest", "layers", "{}", "layers must be an array")]
    [InlineData("manifest", "layers.0", "5", "layers[0] must be a JSON object")]
    [InlineData("manifest", "manifests", "[]", "manifests is not allowed in an image manifest")]
    [InlineData("index", "manifests", null, "manifests is missing")]
    [InlineData("index", "manifests", "\"x\"", "manifests must be an array")]
    [InlineData("index", "config", "{}", "config is not allowed in an image index")]
    [InlineData("index", "layers", "[]", "layers is not allowed in an image index")]
    [InlineData("artifact", "artifactType", "5", "artifactType must be a non-empty string")]
    [InlineData("artifact", "artifactType", "\"\"", "artifactType must be a non-empty string")]
    [InlineData("artifact", "annotations", "\"x\"", "annotations must be an object of strings")]
    [InlineData("artifact", "annotations", """{ "a": {} }""", "annotations['a'] must be a string")]
    [InlineData("artifact", "subject", "[]", "subject must be a JSON object")]
    [InlineData("artifact", "subject.digest", "\"sha256:abc\"", "subject.digest is not a valid digest")]
    public void Parse_BadStructure_NamesTheField(string sample, string path, string? valueJson, string expected)
    {
        AssertInvalid(expected, With(SampleNamed(sample), path, valueJson));
    }

    [Theory]
    [InlineData("mediaType", null, "layers[1].mediaType is missing")]
    [InlineData("mediaType", "\"\"", "layers[1].mediaType must be a non-empty string")]
    [InlineData("mediaType", "1", "layers[1].mediaType must be a non-empty string")]
    [InlineData("digest", null, "layers[1].digest is missing")]
    [InlineData("digest", "5", "layers[1].digest must be a non-empty string")]
    [InlineData("digest", "\"sha256:6BDB18F83935F1D97220EE8035E6CCD7E764C32102587BE4488F940F943EBDA6\"", "layers[1].digest is not a valid digest")]
    [InlineData("digest", "\"md5:d41d8cd98f00b204e9800998ecf8427e\"", "layers[1].digest is not a valid digest")]
    [InlineData("digest", "\"sha256:6bdb18f8\"", "layers[1].digest is not a valid digest")]
    [InlineData("digest", "\"6bdb18f83935f1d97220ee8035e6ccd7e764c32102587be4488f940f943ebda6\"", "layers[1].digest is not a valid digest")]
    [InlineData("size", null, "layers[1].size is missing")]
    [InlineData("size", "-1", "layers[1].size must be a non-negative integer")]
    [InlineData("size", "\"5\"", "layers[1].size must be a non-negative integer")]
    [InlineData("size", "1.5", "layers[1].size must be a non-negative integer")]
    [InlineData("size", "1e3", "layers[1].size must be a non-negative integer")]
    [InlineData("size", "9223372036854775808", "layers[1].size must be a non-negative integer")]
    [InlineData("artifactType", "5", "layers[1].artifactType must be a non-empty string")]
    [InlineData("annotations", "[]", "layers[1].annotations must be an object of strings")]
    [InlineData("annotations", """{ "k": 1 }""", "layers[1].annotations['k'] must be a string")]
    [InlineData("urls", "\"https://example.com\"", "layers[1].urls must be an array of strings")]
    [InlineData("urls", """["https://example.com", 2]""", "layers[1].urls[1] must be a string")]
    public void Parse_BadLayerDescriptorField_NamesTheField(string field, string? valueJson, string expected)
    {
        AssertInvalid(expected, With(OciManifest, "layers.1." + field, valueJson));
    }

    [Theory]
    [InlineData("config.digest", "\"sha256:\"", "config.digest is not a valid digest")]
    [InlineData("manifests.1.size", "-5", "manifests[1].size must be a non-negative integer")]
    public void Parse_BadDescriptorElsewhere_NamesTheField(string path, string valueJson, string expected)
    {
        string sample = path.StartsWith("manifests", StringComparison.Ordinal) ? OciIndex : OciManifest;

        AssertInvalid(expected, With(sample, path, valueJson));
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsTheFirstInReadingOrder()
    {
        string json = With(With(OciManifest, "layers.1.digest", "\"x\""), "layers.0.size", "-1");

        AssertInvalid("layers[0].size must be a non-negative integer", json);
    }

    [Theory]
    [InlineData(null, "schemaVersion is missing; it must be 2")]
    [InlineData("null", "schemaVersion is missing; it must be 2")]
    [InlineData("1", "schemaVersion must be 2")]
    [InlineData("3", "schemaVersion must be 2")]
    [InlineData("\"2\"", "schemaVersion must be 2")]
    [InlineData("2.0", "schemaVersion must be 2")]
    [InlineData("true", "schemaVersion must be 2")]
    public void Parse_BadSchemaVersion_IsRejected(string? valueJson, string expected)
    {
        AssertInvalid(expected, With(OciManifest, "schemaVersion", valueJson));
    }

    [Theory]
    [InlineData(
        MediaTypes.OciManifest, MediaTypes.DockerManifest,
        "media type in body does not match Content-Type: 'application/vnd.oci.image.manifest.v1+json' vs 'application/vnd.docker.distribution.manifest.v2+json'")]
    [InlineData(
        MediaTypes.OciManifest, "application/json; charset=utf-8",
        "media type in body does not match Content-Type: 'application/vnd.oci.image.manifest.v1+json' vs 'application/json'")]
    [InlineData(
        "application/vnd.docker.distribution.manifest.v1+json", null,
        "unsupported manifest media type 'application/vnd.docker.distribution.manifest.v1+json'")]
    [InlineData(
        null, "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "unsupported manifest media type 'application/vnd.docker.distribution.manifest.v1+prettyjws'")]
    [InlineData(null, "application/json", "unsupported manifest media type 'application/json'")]
    [InlineData("application/vnd.oci.image.config.v1+json", null, "unsupported manifest media type 'application/vnd.oci.image.config.v1+json'")]
    public void Parse_BadMediaType_IsRejected(string? inBody, string? contentType, string expected)
    {
        string json = inBody is null ? Without(OciManifest, "mediaType") : With(OciManifest, "mediaType", $"\"{inBody}\"");

        AssertInvalid(expected, json, contentType);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"\"")]
    public void Parse_BodyMediaTypeNotAString_IsRejected(string valueJson)
    {
        AssertInvalid("mediaType must be a non-empty string", With(OciManifest, "mediaType", valueJson));
    }

    [Fact]
    public void Parse_UnsupportedLongMediaType_EchoesOnlyItsStart()
    {
        string mediaType = "application/" + new string('x', 200);

        AssertInvalid($"unsupported manifest media type '{mediaType[..100]}…'", With(OciManifest, "mediaType", $"\"{mediaType}\""));
    }

    [Fact]
    public void Parse_NoMediaTypeWithConfigAndManifests_CannotInfer()
    {
        string json = With(Without(OciManifest, "mediaType"), "manifests", "[]");

        AssertInvalid("mediaType is missing and the manifest has both config and manifests", json);
    }

    [Fact]
    public void Parse_NoMediaTypeNorConfigNorManifests_CannotInfer()
    {
        AssertInvalid("mediaType is missing and the manifest has neither config nor manifests", """{"schemaVersion":2,"layers":[]}""");
    }

    [Fact]
    public void Parse_EmptyBody_IsRejected()
    {
        AssertInvalid("manifest body is empty", []);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsRejected()
    {
        byte[] body = [.. "{\"schemaVersion\":2,\"annotations\":{\"a\":\""u8, 0xC3, .. "\"}}"u8];

        AssertInvalid("manifest is not valid UTF-8", body);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"manifest\"")]
    [InlineData("2")]
    public void Parse_JsonThatIsNotAnObject_IsRejected(string json)
    {
        AssertInvalid("manifest must be a JSON object", json);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"schemaVersion\":2,}")]
    [InlineData("{\"schemaVersion\":2} {}")]
    [InlineData("{\"schemaVersion\":2 // comment\n}")]
    [InlineData("{'schemaVersion':2}")]
    [InlineData("\uFEFF{\"schemaVersion\":2}")]
    public void Parse_MalformedJson_IsRejected(string json)
    {
        AssertDetailStartsWith(NotJson, Utf8(json));
    }

    [Fact]
    public void Parse_TruncatedManifest_IsRejected()
    {
        AssertDetailStartsWith(NotJson, Utf8(OciManifest)[..^3]);
    }

    [Fact]
    public void Parse_NestingDeeperThan64_IsRejected()
    {
        string json = "{\"schemaVersion\":2,\"x\":" + new string('[', 70) + new string(']', 70) + "}";

        AssertDetailStartsWith(NotJson, Utf8(json));
    }

    [Theory]
    [InlineData("schemaVersion")]
    [InlineData("config")]
    [InlineData("layers")]
    public void Parse_DuplicateTopLevelKey_IsRejected(string key)
    {
        string json = WithLeadingMember($"\"{key}\": 1");

        AssertDetailStartsWith(NotJson, Utf8(json));
    }

    [Fact]
    public void Parse_DuplicateKeySpelledWithEscape_IsRejected()
    {
        string json = WithLeadingMember("\"\\u0063onfig\": 1");

        AssertDetailStartsWith(NotJson, Utf8(json));
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""", 5)]
    [InlineData("""{"a":"x\udc00"}""", 5)]
    [InlineData("""{"a":"\udc00\ud800"}""", 5)]
    [InlineData("""{"a":"\ud800x"}""", 5)]
    [InlineData("""{"a":"\ud800\ud800\udc00"}""", 5)]
    [InlineData("""{"a":1,"\ud800":2}""", 7)]
    public void Parse_UnpairedSurrogateEscape_IsRejected(string json, int offset)
    {
        AssertInvalid(UnpairedSurrogate + offset, json);
    }

    /// <summary>The OCI manifest sample with <paramref name="member"/> written before its first member.</summary>
    private static string WithLeadingMember(string member) => "{" + member + "," + OciManifest.TrimStart()[1..];

    private static string SampleNamed(string name) => name switch
    {
        "manifest" => OciManifest,
        "index" => OciIndex,
        _ => OciArtifact,
    };

    private static void AssertInvalid(string expectedDetail, string json, string? contentType = null) =>
        AssertInvalid(expectedDetail, Utf8(json), contentType);

    private static void AssertInvalid(string expectedDetail, byte[] body, string? contentType = null)
    {
        RegistryError error = ParseError(body, contentType);
        Assert.Equal(expectedDetail, error.Detail);
    }

    private static void AssertDetailStartsWith(string expectedStart, byte[] body)
    {
        RegistryError error = ParseError(body, null);
        Assert.StartsWith(expectedStart, error.Detail, StringComparison.Ordinal);
    }

    private static RegistryError ParseError(byte[] body, string? contentType)
    {
        Result<ParsedManifest> result = ManifestParser.Parse(body, contentType);
        Assert.False(result.IsSuccess);
        Assert.Same(RegistryErrors.ManifestInvalid, result.Error.Code);
        return result.Error;
    }
}
