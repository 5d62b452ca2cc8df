using System.Text.Json;

namespace Floe.Cli.Client;

/// <summary>
/// Finds the human message in an error answer, whatever its shape: the SQL API's <c>message</c>, OAuth's
/// <c>error_description</c>/<c>error</c>, or the OCI envelope's <c>errors[0].message</c>; a short
/// plain-text body is taken as it is.
/// </summary>
internal static class ErrorBody
{
    private const int MaxPlainTextLength = 300;

    public static string? FindMessage(string body)
    {
        string trimmed = body.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }
        if (trimmed[0] is '{' or '[')
        {
            return FindJsonMessage(trimmed);
        }
        return trimmed.Length <= MaxPlainTextLength && !trimmed.StartsWith('<') ? trimmed : null;
    }

    private static string? FindJsonMessage(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return FindIn(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FindIn(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return StringProperty(root, "message")
            ?? StringProperty(root, "error_description")
            ?? StringProperty(root, "error")
            ?? FirstOciMessage(root);
    }

    private static string? FirstOciMessage(JsonElement root) =>
        root.TryGetProperty("errors", out JsonElement errors)
        && errors.ValueKind == JsonValueKind.Array
        && errors.GetArrayLength() > 0
            ? FindIn(errors[0])
            : null;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
