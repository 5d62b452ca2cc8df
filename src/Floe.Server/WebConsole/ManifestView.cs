using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Server.WebConsole;

/// <summary>What the tag list shows of a manifest: its total size and, for an index, how many platforms it covers.</summary>
internal sealed record ManifestSummary(string MediaType, long Size, int? Platforms);

/// <summary>A descriptor as the manifest page lists it (a layer, a platform's manifest, a referrer).</summary>
internal sealed record DescriptorView(string MediaType, string Digest, long Size, string? Platform, string? ArtifactType, IReadOnlyList<KeyValuePair<string, string>> Annotations);

/// <summary>
/// A manifest read for the manifest page: its layers, the platforms of an index, annotations, referrers
/// and, once <see cref="WithConfig"/> has been given the config blob, the platform, entrypoint and labels.
/// Everything here came from a client and is shown as text only.
/// </summary>
internal sealed record ManifestView(
    StoredManifest Manifest,
    IReadOnlyList<string> Tags,
    bool IsIndex,
    IReadOnlyList<DescriptorView> Layers,
    IReadOnlyList<DescriptorView> Platforms,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    IReadOnlyList<DescriptorView> Referrers,
    Digest? ConfigDigest,
    long? ConfigSize)
{
    public string? Platform { get; init; }

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The size of the image: the manifest, its config and layers (an index: the manifest and its platforms' manifests).</summary>
    public long TotalSize => Manifest.Size + (ConfigSize ?? 0) + Layers.Sum(layer => layer.Size) + Platforms.Sum(platform => platform.Size);

    public static ManifestSummary Summarize(StoredManifest manifest)
    {
        ManifestView view = Parse(manifest, [], []);
        return new ManifestSummary(manifest.MediaType, view.TotalSize, view.IsIndex ? view.Platforms.Count : null);
    }

    public static ManifestView Parse(StoredManifest manifest, IReadOnlyList<Referrer> referrers, IReadOnlyList<string> tags)
    {
        IReadOnlyList<DescriptorView> referrerViews = [.. referrers.Select(referrer => new DescriptorView(
            referrer.MediaType, referrer.Digest.ToString(), referrer.Size, null, referrer.ArtifactType, AnnotationsOf(referrer.AnnotationsJson)))];
        try
        {
            using JsonDocument document = JsonDocument.Parse(manifest.Body);
            JsonElement root = document.RootElement;
            bool isIndex = root.TryGetProperty("manifests", out JsonElement children) && children.ValueKind == JsonValueKind.Array;
            Digest? config = null;
            long? configSize = null;
            if (root.TryGetProperty("config", out JsonElement configElement) && configElement.ValueKind == JsonValueKind.Object
                && Digest.TryParse(Text(configElement, "digest"), out Digest configDigest))
            {
                config = configDigest;
                configSize = Number(configElement, "size");
            }

            return new ManifestView(
                manifest, tags, isIndex,
                Descriptors(root, "layers"),
                isIndex ? Descriptors(root, "manifests") : [],
                root.TryGetProperty("annotations", out JsonElement annotations) ? Pairs(annotations) : [],
                referrerViews, config, configSize);
        }
        catch (JsonException)
        {
            return new ManifestView(manifest, tags, false, [], [], [], referrerViews, null, null);
        }
    }

    /// <summary>Adds what the config blob says: platform, entrypoint, command and labels.</summary>
    public ManifestView WithConfig(byte[]? configBlob)
    {
        if (configBlob is null)
        {
            return this;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(configBlob);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return this;
            }

            JsonElement settings = root.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object ? c : default;
            return this with
            {
                Platform = PlatformText(root),
                Entrypoint = settings.ValueKind == JsonValueKind.Object ? Strings(settings, "Entrypoint") : [],
                Command = settings.ValueKind == JsonValueKind.Object ? Strings(settings, "Cmd") : [],
                Labels = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("Labels", out JsonElement labels) ? Pairs(labels) : [],
            };
        }
        catch (JsonException)
        {
            return this;
        }
    }

    private static IReadOnlyList<DescriptorView> Descriptors(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return
        [
            .. array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(item => new DescriptorView(
                Text(item, "mediaType") ?? string.Empty,
                Text(item, "digest") ?? string.Empty,
                Number(item, "size") ?? 0,
                item.TryGetProperty("platform", out JsonElement platform) && platform.ValueKind == JsonValueKind.Object ? PlatformText(platform) : null,
                Text(item, "artifactType"),
                item.TryGetProperty("annotations", out JsonElement annotations) ? Pairs(annotations) : [])),
        ];
    }

    /// <summary><c>os/architecture[/variant]</c> of a platform object or an image config.</summary>
    private static string? PlatformText(JsonElement element)
    {
        string? os = Text(element, "os");
        string? architecture = Text(element, "architecture");
        if (os is null && architecture is null)
        {
            return null;
        }

        string? variant = Text(element, "variant");
        return $"{os}/{architecture}" + (variant is null ? string.Empty : "/" + variant);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> AnnotationsOf(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Pairs(document.RootElement);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(JsonElement element) =>
        element.ValueKind != JsonValueKind.Object
            ? []
            : [.. element.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];

    private static IReadOnlyList<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())]
            : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : null;
}
