using System.Text.Json.Nodes;
using Floe.Core.Errors;
using Floe.Core.Manifests;
using static Floe.Core.Tests.Manifests.ManifestSamples;

namespace Floe.Core.Tests.Manifests;

/// <summary>
/// Property-style checks that no body makes the parser throw: every input either parses or fails
/// with <c>MANIFEST_INVALID</c> and a detail. Inputs are derived from the valid samples with fixed
/// seeds, so a failure reproduces.
/// </summary>
public class ManifestParserRobustnessTests
{
    private const int ByteRounds = 3000;
    private const int StructureRounds = 2000;

    /// <summary>Byte strings that tend to matter to a JSON reader or to the parser's checks.</summary>
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\\"",
        "null", "true", "-1", "0", "2", "1e999", "1.5", "99999999999999999999", " ", "\n", "é", "😀", "sha256:",
        "\"mediaType\"", "\"config\"", "\"manifests\"", "\"layers\"", "\"subject\"", "\"urls\"", "\"annotations\"",
    ];

    /// <summary>JSON values to drop into any slot of a sample's tree.</summary>
    private static readonly string[] Values =
    [
        "null", "true", "0", "-1", "2", "1.5", "1e3", "18446744073709551616", "\"\"", "\"x\"", "[]", "{}", "[1]",
        "{\"a\":1}", "\"" + ConfigDigest + "\"", "\"" + Floe.Core.Content.MediaTypes.OciIndex + "\"", "\"" + Floe.Core.Content.MediaTypes.DockerManifest + "\"",
        "[[[[[[[[]]]]]]]]", "{\"mediaType\":\"a\",\"digest\":\"sha256:x\",\"size\":-1}",
    ];

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(ManifestSamples))]
    public void Parse_EveryTruncation_NeverThrows(string json, string contentType)
    {
        byte[] body = Utf8(json);
        for (int length = 0; length < body.Length; length++)
        {
            AssertParsesOrFailsCleanly(body[..length], contentType);
        }
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(ManifestSamples))]
    public void Parse_RandomByteMutations_NeverThrow(string json, string contentType)
    {
        var random = new Random(json.Length);
        byte[] original = Utf8(json);
        for (int round = 0; round < ByteRounds; round++)
        {
            byte[] body = original;
            for (int edits = random.Next(1, 5); edits > 0; edits--)
            {
                body = MutateBytes(body, random);
            }

            AssertParsesOrFailsCleanly(body, random.Next(3) == 0 ? null : contentType);
        }
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(ManifestSamples))]
    public void Parse_RandomValueReplacements_NeverThrow(string json, string contentType)
    {
        var random = new Random(json.Length + 1);
        for (int round = 0; round < StructureRounds; round++)
        {
            JsonNode root = JsonNode.Parse(json)!;
            for (int edits = random.Next(1, 3); edits > 0; edits--)
            {
                ReplaceRandomValue(root, random);
            }

            AssertParsesOrFailsCleanly(Utf8(root.ToJsonString()), random.Next(3) == 0 ? null : contentType);
        }
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrow()
    {
        var random = new Random(42);
        for (int round = 0; round < ByteRounds; round++)
        {
            byte[] body = new byte[random.Next(0, 64)];
            random.NextBytes(body);
            AssertParsesOrFailsCleanly(body, null);
        }
    }

    private static void AssertParsesOrFailsCleanly(byte[] body, string? contentType)
    {
        Result<ParsedManifest> result;
        try
        {
            result = ManifestParser.Parse(body, contentType);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"Parse threw {e.GetType().Name} for content type {contentType ?? "(none)"} and body (base64) {Convert.ToBase64String(body)}: {e}");
            return;
        }

        if (result.IsSuccess)
        {
            Assert.True(Floe.Core.Content.MediaTypes.IsManifest(result.Value.MediaType));
        }
        else
        {
            Assert.Same(RegistryErrors.ManifestInvalid, result.Error.Code);
            Assert.False(string.IsNullOrEmpty(result.Error.Detail));
        }
    }

    private static byte[] MutateBytes(byte[] body, Random random)
    {
        int at = random.Next(body.Length + 1);
        byte[] token = Utf8(Tokens[random.Next(Tokens.Length)]);
        return random.Next(4) switch
        {
            0 when at < body.Length => [.. body[..at], (byte)random.Next(256), .. body[(at + 1)..]],
            1 => [.. body[..at], .. token, .. body[at..]],
            2 => [.. body[..at], .. body[Math.Min(body.Length, at + random.Next(1, 16))..]],
            _ => [.. body[..at], .. token, .. body[Math.Min(body.Length, at + token.Length)..]],
        };
    }

    private static void ReplaceRandomValue(JsonNode root, Random random)
    {
        List<(JsonNode Parent, object Key)> slots = [];
        CollectSlots(root, slots);
        (JsonNode parent, object key) = slots[random.Next(slots.Count)];
        JsonNode? value = JsonNode.Parse(Values[random.Next(Values.Length)]);
        if (key is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent[(string)key] = value;
        }
    }

    private static void CollectSlots(JsonNode node, List<(JsonNode Parent, object Key)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach ((string name, JsonNode? child) in obj)
            {
                slots.Add((node, name));
                if (child is not null)
                {
                    CollectSlots(child, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                slots.Add((node, i));
                if (array[i] is { } child)
                {
                    CollectSlots(child, slots);
                }
            }
        }
    }
}
