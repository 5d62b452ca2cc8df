using System.Text.Json;
using System.Text.Json.Serialization;
using Floe.Core.Content;

namespace Floe.Storage.S3;

/// <summary>
/// What the bucket knows of an upload in progress, in its <c>state</c> object: the digest algorithm it
/// was started with, the sizes of its full parts (objects <c>part-00001</c>…, each of
/// <see cref="S3BlobStoreOptions.PartSize"/>) and the object holding the bytes after them (the tail,
/// shorter than a part). Written last by every append, so an append that fails partway leaves the
/// previous state whole.
/// </summary>
internal sealed record UploadState(DigestAlgorithm Algorithm, long[] Parts, string? Tail, long TailSize)
{
    public long Size => Parts.Sum() + TailSize;

    public static UploadState Empty(DigestAlgorithm algorithm) => new(algorithm, [], null, 0);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, UploadStateJson.Default.UploadState);

    public static UploadState FromJson(Stream json) =>
        JsonSerializer.Deserialize(json, UploadStateJson.Default.UploadState)
        ?? throw new InvalidDataException("An upload's state object is empty.");
}

[JsonSerializable(typeof(UploadState))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class UploadStateJson : JsonSerializerContext;
