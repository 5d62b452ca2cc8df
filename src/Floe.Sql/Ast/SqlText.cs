namespace Floe.Sql.Ast;

/// <summary>Pieces of canonical SQL: single spaces, upper-case keywords, quoted strings.</summary>
internal static class SqlText
{
    /// <summary>The parts that are present, separated by single spaces.</summary>
    public static string Join(params string?[] parts) =>
        string.Join(' ', parts.Where(part => !string.IsNullOrEmpty(part)));

    /// <summary>
    /// A string constant: single quotes, <c>''</c> for a quote and <c>\\</c> for a backslash (the
    /// lexer reads a backslash as the start of an escape, so a literal one must be doubled).
    /// </summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string? If(bool condition, string keywords) => condition ? keywords : null;

    /// <summary><c>NAME = 'value'</c>, or nothing when the value is absent.</summary>
    public static string? Property(string name, string? value) => value is null ? null : name + " = " + Literal(value);

    public static string? Like(string? pattern) => pattern is null ? null : "LIKE " + Literal(pattern);

    public static string List(IEnumerable<string> items) => string.Join(", ", items);

    /// <summary><c>CREATE [OR REPLACE] &lt;kind&gt; [IF NOT EXISTS] &lt;name&gt;</c>.</summary>
    public static string Create(bool orReplace, ObjectKind kind, bool ifNotExists, string name) =>
        Join("CREATE", If(orReplace, "OR REPLACE"), kind.ToSql(), If(ifNotExists, "IF NOT EXISTS"), name);
}
