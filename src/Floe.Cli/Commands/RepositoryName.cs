using System.Text.RegularExpressions;

namespace Floe.Cli.Commands;

/// <summary>
/// An image repository name as the commands take it, like the Snowflake CLI: <c>my_repo</c> (in the
/// connection's database and schema), <c>schema.my_repo</c>, or <c>db.schema.my_repo</c>. Every part must
/// be an unquoted identifier, so the SQL is the parts upper-cased and joined with dots.
/// </summary>
internal sealed partial record RepositoryName(string? Database, string? Schema, string Name)
{
    public string ToSql() => string.Join('.', new[] { Database, Schema, Name }.OfType<string>());

    public static bool TryParse(string text, out RepositoryName name, out string error)
    {
        name = null!;
        string[] parts = text.Split('.');
        if (parts.Length > 3)
        {
            error = $"invalid image repository name '{text}': use <name>, <schema>.<name> or <database>.<schema>.<name>";
            return false;
        }
        foreach (string part in parts)
        {
            if (!TryCheckIdentifier(part, "image repository name", text, out error))
            {
                return false;
            }
        }
        string[] upper = [.. parts.Select(part => part.ToUpperInvariant())];
        name = upper.Length switch
        {
            1 => new RepositoryName(null, null, upper[0]),
            2 => new RepositoryName(null, upper[0], upper[1]),
            _ => new RepositoryName(upper[0], upper[1], upper[2]),
        };
        error = "";
        return true;
    }

    /// <summary>An unquoted identifier (letter or <c>_</c>, then letters, digits, <c>_</c>, <c>$</c>; at most 255).</summary>
    public static bool TryCheckIdentifier(string part, string what, string whole, out string error)
    {
        if (part.StartsWith('"'))
        {
            error = $"invalid {what} '{whole}': image repositories and their database and schema must use unquoted identifiers";
            return false;
        }
        error = UnquotedIdentifier().IsMatch(part)
            ? ""
            : $"invalid {what} '{whole}': '{part}' is not an identifier (a letter or _, then letters, digits, _ or $; at most 255)";
        return error.Length == 0;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnquotedIdentifier();
}

/// <summary>SQL string literals: <c>'</c> doubled and <c>\</c> escaped (Snowflake's string syntax).</summary>
internal static class SqlLiteral
{
    public static string Quote(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
