using System.Text.RegularExpressions;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// SQL text with named parameters, kept as <c>static readonly</c> fields next to the code that runs
/// it. Parameters are written <c>$name</c> in the source, the same spelling as the SQLite store, and
/// become Npgsql's <c>@name</c> here; the values always travel as bound parameters, never as text.
/// </summary>
internal sealed partial class SqlStatement(string text)
{
    public string Text { get; } = ToNpgsql(text);

    public override string ToString() => Text;

    /// <summary><c>$name</c> → <c>@name</c>; <c>'$[0]'</c>-style literals and <c>$1</c> are left alone.</summary>
    public static string ToNpgsql(string sql) => ParameterPattern().Replace(sql, "@$1");

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterPattern();
}
