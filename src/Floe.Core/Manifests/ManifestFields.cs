using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Errors;

namespace Floe.Core.Manifests;

/// <summary>
/// One JSON object of a manifest (the root, or a descriptor inside it), read field by field. Each
/// <c>Try</c> method either yields the field or sets <see cref="Error"/> to a <c>MANIFEST_INVALID</c>
/// whose detail names the field by its path (<c>layers[2].digest</c>). A JSON <c>null</c> counts as
/// absent, as it does for the Go clients and registries that write most manifests.
/// </summary>
internal sealed class ManifestFields
{
    private readonly JsonElement _object;
    private readonly string _path;

    private ManifestFields(JsonElement jsonObject, string path)
    {
        _object = jsonObject;
        _path = path;
    }

    public RegistryError? Error { get; private set; }

    /// <summary>Opens <paramref name="element"/>, which must be a JSON object; <paramref name="path"/> is empty for the root.</summary>
    public static Result<ManifestFields> Open(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ManifestInvalid.Because((path.Length == 0 ? "manifest" : path) + " must be a JSON object");
        }

        return new ManifestFields(element, path);
    }

    public bool Has(string name) => TryGetValue(name, out _);

    /// <summary>Requires <paramref name="name"/> to be absent: it would make the manifest read as another kind.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryAbsent(string name, string kind) =>
        !Has(name) || Fail($"{PathOf(name)} is not allowed in {kind}");

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryExactInteger(string name, long expected)
    {
        if (!TryGetValue(name, out JsonElement value))
        {
            return Fail($"{PathOf(name)} is missing; it must be {expected}");
        }

        return (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long actual) && actual == expected)
            || Fail($"{PathOf(name)} must be {expected}");
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryString(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return TryGetValue(name, out JsonElement element)
            ? TryNonEmptyString(element, name, out value)
            : Fail($"{PathOf(name)} is missing");
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryOptionalString(string name, out string? value)
    {
        value = null;
        return !TryGetValue(name, out JsonElement element) || TryNonEmptyString(element, name, out value);
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryDigest(string name, out Digest digest)
    {
        digest = default;
        if (!TryString(name, out string? text))
        {
            return false;
        }

        return Digest.TryParse(text, out digest) || Fail($"{PathOf(name)} is not a valid digest");
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TrySize(string name, out long size)
    {
        size = 0;
        if (!TryGetValue(name, out JsonElement value))
        {
            return Fail($"{PathOf(name)} is missing");
        }

        bool valid = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out size) && size >= 0;
        return valid || Fail($"{PathOf(name)} must be a non-negative integer");
    }

    /// <summary>An optional string-to-string map such as <c>annotations</c>.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryOptionalStringMap(string name, out IReadOnlyDictionary<string, string>? map)
    {
        map = null;
        return !TryGetValue(name, out JsonElement value) || TryReadStringMap(value, name, out map);
    }

    /// <summary>An optional string-to-string map, kept as its exact JSON text in the body.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryOptionalStringMapJson(string name, out string? json)
    {
        json = null;
        if (!TryGetValue(name, out JsonElement value))
        {
            return true;
        }

        json = value.GetRawText();
        return TryReadStringMap(value, name, out _);
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryOptionalStrings(string name, out IReadOnlyList<string>? values)
    {
        values = null;
        if (!TryGetValue(name, out JsonElement array))
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return Fail($"{PathOf(name)} must be an array of strings");
        }

        var list = new List<string>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } text)
            {
                return Fail($"{PathOf(name)}[{list.Count}] must be a string");
            }

            list.Add(text);
        }

        values = list;
        return true;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryDescriptor(string name, [NotNullWhen(true)] out Descriptor? descriptor)
    {
        descriptor = null;
        if (!TryGetValue(name, out JsonElement value))
        {
            return Fail($"{PathOf(name)} is missing");
        }

        return Accept(ReadDescriptor(value, PathOf(name)), out descriptor);
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryOptionalDescriptor(string name, out Descriptor? descriptor)
    {
        descriptor = null;
        return !Has(name) || TryDescriptor(name, out descriptor);
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryDescriptors(string name, [NotNullWhen(true)] out IReadOnlyList<Descriptor>? descriptors)
    {
        descriptors = null;
        if (!TryGetValue(name, out JsonElement array))
        {
            return Fail($"{PathOf(name)} is missing");
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return Fail($"{PathOf(name)} must be an array");
        }

        var list = new List<Descriptor>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (!Accept(ReadDescriptor(item, $"{PathOf(name)}[{list.Count}]"), out Descriptor? descriptor))
            {
                return false;
            }

            list.Add(descriptor);
        }

        descriptors = list;
        return true;
    }

    private static Result<Descriptor> ReadDescriptor(JsonElement element, string path)
    {
        Result<ManifestFields> opened = Open(element, path);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        ManifestFields fields = opened.Value;
        if (!fields.TryString("mediaType", out string? mediaType)
            || !fields.TryDigest("digest", out Digest digest)
            || !fields.TrySize("size", out long size)
            || !fields.TryOptionalString("artifactType", out string? artifactType)
            || !fields.TryOptionalStringMap("annotations", out IReadOnlyDictionary<string, string>? annotations)
            || !fields.TryOptionalStrings("urls", out IReadOnlyList<string>? urls))
        {
            return fields.Error;
        }

        return new Descriptor(mediaType, digest, size) { ArtifactType = artifactType, Annotations = annotations, Urls = urls };
    }

    private bool TryGetValue(string name, out JsonElement value) =>
        _object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    [MemberNotNullWhen(false, nameof(Error))]
    private bool TryNonEmptyString(JsonElement element, string name, [NotNullWhen(true)] out string? value)
    {
        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return !string.IsNullOrEmpty(value) || Fail($"{PathOf(name)} must be a non-empty string");
    }

    [MemberNotNullWhen(false, nameof(Error))]
    private bool TryReadStringMap(JsonElement element, string name, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? map)
    {
        map = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Fail($"{PathOf(name)} must be an object of strings");
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { } text)
            {
                return Fail($"{PathOf(name)}[{ManifestInvalid.Quote(entry.Name)}] must be a string");
            }

            entries[entry.Name] = text;
        }

        map = entries;
        return true;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    private bool Accept<T>(Result<T> result, [NotNullWhen(true)] out T? value)
        where T : class
    {
        if (result.IsSuccess)
        {
            value = result.Value;
            return true;
        }

        value = null;
        Error = result.Error;
        return false;
    }

    [MemberNotNull(nameof(Error))]
    private bool Fail(string detail)
    {
        Error = ManifestInvalid.Because(detail);
        return false;
    }

    private string PathOf(string name) => _path.Length == 0 ? name : _path + "." + name;
}
