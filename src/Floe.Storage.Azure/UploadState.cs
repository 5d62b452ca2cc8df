using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Floe.Core.Content;

namespace Floe.Storage.Azure;

/// <summary>
/// What the container knows of an upload in progress, in its <c>state</c> blob: the digest algorithm it
/// was started with, the sizes of the blocks staged on its <c>data</c> blob in order (block <c>i</c> has
/// id <see cref="BlockId"/>(i)), and how many of them are committed (a commit that had to read the bytes
/// back commits them on the data blob first). Written last by every append, so an append that fails
/// partway leaves the previous state whole; a block it staged is staged again by the next append.
/// </summary>
internal sealed record UploadState(DigestAlgorithm Algorithm, long[] Blocks, int Committed)
{
    public long Size => Blocks.Sum();

    public static UploadState Empty(DigestAlgorithm algorithm) => new(algorithm, [], 0);

    /// <summary>Block ids are base64 of equal-length text, as Azure requires within one blob.</summary>
    public static string BlockId(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(index.ToString("D8", CultureInfo.InvariantCulture)));

    public IEnumerable<string> BlockIds => Enumerable.Range(0, Blocks.Length).Select(BlockId);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, UploadStateJson.Default.UploadState);

    public static UploadState FromJson(Stream json) =>
        JsonSerializer.Deserialize(json, UploadStateJson.Default.UploadState)
        ?? throw new InvalidDataException("An upload's state blob is empty.");
}

[JsonSerializable(typeof(UploadState))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class UploadStateJson : JsonSerializerContext;
