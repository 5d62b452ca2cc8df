using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Manifests;

namespace Floe.Core.Tests.Manifests;

/// <summary>
/// Generated manifests and indexes, written with any whitespace, any key order and strings escaped in any
/// of JSON's ways, parse to exactly what was generated. Floe stores and serves the pushed bytes
/// themselves and never serialises a manifest again; what the parser does carry forward must be exact:
/// the <c>annotations</c> object is kept as the very bytes that were pushed (the referrers API answers
/// them), and every descriptor's media type, digest, size, artifact type, annotations and URLs come
/// through unchanged. A fixed seed makes every run check the same manifests.
/// </summary>
public class ManifestParserPropertyTests
{
    [Property(Arbitrary = [typeof(Manifests)], MaxTest = 1000, Replay = "(20261204,1041)")]
    public void Parse_GeneratedManifest_KeepsEveryFieldAndTheAnnotationBytes(GeneratedManifest manifest)
    {
        byte[] body = Encoding.UTF8.GetBytes(manifest.Json);

        Result<ParsedManifest> result = ManifestParser.Parse(body, manifest.ContentType);

        Assert.True(result.IsSuccess, $"{manifest.Json} refused: {result.Error?.Message}");
        ParsedManifest parsed = result.Value!;
        Assert.Equal(manifest.MediaType, parsed.MediaType);
        Assert.Equal(manifest.AnnotationsJson, parsed.AnnotationsJson);
        AssertDescriptor(manifest.Config, parsed.Config);
        AssertDescriptor(manifest.Subject, parsed.Subject);
        Assert.Equal(manifest.Layers.Count, parsed.Layers.Count);
        Assert.Equal(manifest.Children.Count, parsed.Manifests.Count);
        foreach ((GeneratedDescriptor expected, Descriptor actual) in manifest.Layers.Zip(parsed.Layers).Concat(manifest.Children.Zip(parsed.Manifests)))
        {
            AssertDescriptor(expected, actual);
        }

        Assert.Equal(manifest.ArtifactType ?? manifest.Config?.MediaType, parsed.ArtifactType);
    }

    private static void AssertDescriptor(GeneratedDescriptor? expected, Descriptor? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal((expected.MediaType, expected.Digest, expected.Size, expected.ArtifactType), (actual.MediaType, actual.Digest, actual.Size, actual.ArtifactType));
        Assert.Equal(expected.Annotations, actual.Annotations?.ToDictionary());
        Assert.Equal(expected.Urls, actual.Urls);
    }

    public sealed record GeneratedDescriptor(string MediaType, Digest Digest, long Size, string? ArtifactType, Dictionary<string, string>? Annotations, List<string>? Urls);

    /// <summary>A manifest as generated, and its JSON text as a client might write it.</summary>
    public sealed record GeneratedManifest(
        string Json, string? ContentType, string MediaType, GeneratedDescriptor? Config, List<GeneratedDescriptor> Layers,
        List<GeneratedDescriptor> Children, GeneratedDescriptor? Subject, string? ArtifactType, string? AnnotationsJson)
    {
        public override string ToString() => Json;
    }

    public static class Manifests
    {
        private static readonly string[] TextPieces = ["a", "Z", "0", ".", "/", "+", " ", "\"", "\\", "\n", "\t", "é", "日本", "😀", "\u0001", "</", "\u2028"];

        public static Arbitrary<GeneratedManifest> Generated() => Manifest.ToArbitrary();

        private static Gen<string> Text => Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(TextPieces), n)).Select(p => string.Concat(p));

        private static Gen<string?> Maybe(Gen<string> gen) => Gen.Frequency((1, Gen.Constant<string?>(null)), (1, gen.Select(s => (string?)s)));

        private static Gen<Dictionary<string, string>?> Annotations => Gen.Frequency(
            (1, Gen.Constant<Dictionary<string, string>?>(null)),
            (2, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Text.Zip(Text), n))
                .Select(pairs => (Dictionary<string, string>?)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2))));

        private static Gen<Digest> Digest => Gen.Elements(DigestAlgorithm.Sha256, DigestAlgorithm.Sha512)
            .SelectMany(a => Gen.Choose(0, int.MaxValue).Select(seed => Floe.Core.Content.Digest.Compute(a, BitConverter.GetBytes(seed))));

        private static Gen<GeneratedDescriptor> Descriptor(params string[] mediaTypes) =>
            Gen.Elements(mediaTypes).SelectMany(m => Digest.SelectMany(d => Gen.Elements(0L, 1L, 32L, 7143L, 4_294_967_296L, 9_007_199_254_740_991L).SelectMany(size =>
                Maybe(Gen.Elements("application/vnd.example.sbom", "application/spdx+json")).SelectMany(artifact => Annotations.SelectMany(annotations =>
                    Gen.Frequency((3, Gen.Constant<List<string>?>(null)), (1, Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Text, n)).Select(u => (List<string>?)[.. u])))
                        .Select(urls => new GeneratedDescriptor(m, d, size, artifact, annotations, urls)))))));

        private static Gen<GeneratedManifest> Manifest => Gen.OneOf(ImageManifest, Index);

        private static Gen<GeneratedManifest> ImageManifest =>
            Gen.Elements((MediaTypes.OciManifest, "application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar+gzip"),
                    (MediaTypes.DockerManifest, "application/vnd.docker.container.image.v1+json", "application/vnd.docker.image.rootfs.diff.tar.gzip"))
                .SelectMany(kind => Descriptor(kind.Item2, "application/vnd.oci.empty.v1+json").SelectMany(config =>
                    Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Descriptor(kind.Item3), n)).SelectMany(layers =>
                        Subject.SelectMany(subject => Maybe(Gen.Elements("application/vnd.example+type")).SelectMany(artifact =>
                            Annotations.SelectMany(annotations => Writer.SelectMany(writer => Gen.Elements(0, 1, 2).Select(declare =>
                                Build(writer, kind.Item1, declare, config, layers, [], subject, artifact, annotations)))))))));

        private static Gen<GeneratedManifest> Index =>
            Gen.Elements(MediaTypes.OciIndex, MediaTypes.DockerManifestList)
                .SelectMany(kind => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Descriptor(MediaTypes.OciManifest, MediaTypes.DockerManifest), n)).SelectMany(children =>
                    Subject.SelectMany(subject => Maybe(Gen.Elements("application/vnd.example+type")).SelectMany(artifact =>
                        Annotations.SelectMany(annotations => Writer.SelectMany(writer => Gen.Elements(0, 1, 2).Select(declare =>
                            Build(writer, kind, declare, null, [], [.. children], subject, artifact, annotations))))))));

        private static Gen<GeneratedDescriptor?> Subject =>
            Gen.Frequency((2, Gen.Constant<GeneratedDescriptor?>(null)), (1, Descriptor(MediaTypes.OciManifest).Select(d => (GeneratedDescriptor?)d)));

        private static Gen<JsonWriter> Writer =>
            Gen.Choose(0, int.MaxValue).Select(seed => new JsonWriter(new Random(seed)));

        /// <param name="declare">0: <c>mediaType</c> in the body; 1: in <c>Content-Type</c> only; 2: both (an OCI type may also be left to the shape, when it is 1 with no header).</param>
        private static GeneratedManifest Build(
            JsonWriter writer, string mediaType, int declare, GeneratedDescriptor? config, GeneratedDescriptor[] layers,
            List<GeneratedDescriptor> children, GeneratedDescriptor? subject, string? artifactType, Dictionary<string, string>? annotations)
        {
            List<(string, string)> members = [("schemaVersion", "2")];
            if (declare != 1)
            {
                members.Add(("mediaType", writer.String(mediaType)));
            }

            if (config is not null)
            {
                members.Add(("config", writer.Descriptor(config)));
                members.Add(("layers", writer.Array(layers.Select(writer.Descriptor))));
            }
            else
            {
                members.Add(("manifests", writer.Array(children.Select(writer.Descriptor))));
            }

            if (subject is not null)
            {
                members.Add(("subject", writer.Descriptor(subject)));
            }

            if (artifactType is not null)
            {
                members.Add(("artifactType", writer.String(artifactType)));
            }

            string? annotationsJson = annotations is null ? null : writer.Map(annotations);
            if (annotationsJson is not null)
            {
                members.Add(("annotations", annotationsJson));
            }

            string? contentType = declare == 0 ? null : mediaType + (writer.Coin() ? "; charset=utf-8" : "");
            return new GeneratedManifest(
                writer.Object(members), contentType, mediaType, config, [.. layers], children, subject, artifactType, annotationsJson);
        }
    }

    /// <summary>Writes JSON as different clients do: any whitespace, any member order, strings escaped in any valid way.</summary>
    public sealed class JsonWriter(Random random)
    {
        private static readonly string[] Spaces = ["", "", " ", "\n", "\r\n  ", "\t"];

        public bool Coin() => random.Next(2) == 0;

        public string Object(IEnumerable<(string Key, string Value)> members) =>
            "{" + Space() + string.Join("," + Space(), members.OrderBy(_ => random.Next()).Select(m => String(m.Key) + Space() + ":" + Space() + m.Value)) + Space() + "}";

        public string Array(IEnumerable<string> items) => "[" + Space() + string.Join("," + Space(), items) + Space() + "]";

        public string Map(Dictionary<string, string> map) => Object(map.Select(pair => (pair.Key, String(pair.Value))));

        public string Descriptor(GeneratedDescriptor descriptor)
        {
            List<(string, string)> members =
            [
                ("mediaType", String(descriptor.MediaType)),
                ("digest", String(descriptor.Digest.ToString())),
                ("size", descriptor.Size.ToString(CultureInfo.InvariantCulture)),
            ];
            if (descriptor.ArtifactType is { } artifactType)
            {
                members.Add(("artifactType", String(artifactType)));
            }

            if (descriptor.Annotations is { } annotations)
            {
                members.Add(("annotations", Map(annotations)));
            }

            if (descriptor.Urls is { } urls)
            {
                members.Add(("urls", Array(urls.Select(String))));
            }

            return Object(members);
        }

        public string String(string text)
        {
            StringBuilder json = new("\"");
            foreach (Rune rune in text.EnumerateRunes())
            {
                string? required = rune.Value switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => Coin() ? "\\n" : "\\u000a",
                    '\t' => Coin() ? "\\t" : "\\u0009",
                    < ' ' => $"\\u{rune.Value:x4}",
                    _ => null,
                };
                // Outside ASCII: the character itself, or its UTF-16 code units escaped (a surrogate pair for an emoji).
                json.Append(required ?? (rune.Value == '/' && Coin() ? "\\/"
                    : rune.Value > '~' && Coin() ? string.Concat(rune.ToString().Select(unit => $"\\u{(int)unit:X4}"))
                    : rune.ToString()));
            }

            return json.Append('"').ToString();
        }

        private string Space() => Spaces[random.Next(Spaces.Length)];
    }
}
