using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Floe.Core.Errors;

namespace Floe.Core.Manifests;

/// <summary>
/// Turns a manifest body into a <see cref="JsonDocument"/>, or says why it is not one. Text that
/// System.Text.Json accepts but cannot hand back as a string (invalid UTF-8, unpaired surrogate
/// escapes) is rejected here, so that reading the document later cannot throw.
/// </summary>
internal static class ManifestJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Two values for one key let two readers see two manifests (CVE-2021-41190 was this class of bug).
        AllowDuplicateProperties = false,
    };

    public static Result<JsonDocument> Load(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ManifestInvalid.Because("manifest body is empty");
        }

        if (!Utf8.IsValid(body))
        {
            return ManifestInvalid.Because("manifest is not valid UTF-8");
        }

        RegistryError? problem = FindUnreadableString(body);
        return problem ?? Parse(body.ToArray());
    }

    private static Result<JsonDocument> Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return NotJson(e);
        }
    }

    /// <summary>Checks the syntax and every string and property name; null when all are readable.</summary>
    private static RegistryError? FindUnreadableString(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.ValueIsEscaped && HasUnpairedSurrogate(reader.ValueSpan))
                {
                    return ManifestInvalid.Because(
                        $"manifest has a string with an unpaired surrogate escape at byte {reader.TokenStartIndex}");
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            return NotJson(e);
        }
    }

    private static RegistryError NotJson(JsonException e) =>
        ManifestInvalid.Because("manifest is not valid JSON: " + e.Message);

    /// <summary>
    /// Whether escaped JSON string text (as it appears in the body, without quotes) holds a
    /// <c>\uD800</c>–<c>\uDFFF</c> escape that is not half of a high-then-low pair. The reader has
    /// already checked that every escape is well formed.
    /// </summary>
    internal static bool HasUnpairedSurrogate(ReadOnlySpan<byte> escaped)
    {
        bool awaitingLow = false;
        int i = 0;
        while (i < escaped.Length)
        {
            int unit = ReadUnit(escaped, ref i);
            bool isHigh = unit is >= 0xD800 and <= 0xDBFF;
            bool isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (awaitingLow != isLow)
            {
                return true;
            }

            awaitingLow = isHigh;
        }

        return awaitingLow;
    }

    /// <summary>The UTF-16 unit of a <c>\uXXXX</c> escape at <paramref name="i"/>, or -1 for anything else; advances past it.</summary>
    private static int ReadUnit(ReadOnlySpan<byte> escaped, ref int i)
    {
        if (escaped[i] != (byte)'\\')
        {
            i++;
            return -1;
        }

        if (escaped[i + 1] != (byte)'u')
        {
            i += 2;
            return -1;
        }

        int unit = int.Parse(escaped.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        i += 6;
        return unit;
    }
}
