namespace Floe.Core.Naming;

/// <summary>
/// Converts between an unquoted identifier as stored (upper case) and as it appears in a
/// repository URL (lower case, <c>$</c> URL-encoded). Only unquoted identifiers can name a
/// repository, its schema and its database, so the mapping is lossless.
/// </summary>
public static class UrlIdentifier
{
    public const int MaxLength = 255;

    public static string ToUrl(string stored) =>
        stored.ToLowerInvariant().Replace("$", "%24", StringComparison.Ordinal);

    /// <summary>
    /// The stored identifier for a URL path component, matched case-insensitively, or
    /// <c>null</c> when the component cannot be an unquoted identifier.
    /// </summary>
    public static string? ToStored(string urlComponent)
    {
        string decoded = urlComponent.Replace("%24", "$", StringComparison.OrdinalIgnoreCase);
        return IsUnquotedIdentifier(decoded) ? decoded.ToUpperInvariant() : null;
    }

    /// <summary>Snowflake's unquoted identifier: a letter or <c>_</c>, then letters, digits, <c>_</c> and <c>$</c>.</summary>
    public static bool IsUnquotedIdentifier(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxLength || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '$'))
            {
                return false;
            }
        }

        return true;
    }
}
