using Floe.Core.Naming;
using Floe.Sql.Lexing;

namespace Floe.Sql.Ast;

/// <summary>
/// A SQL identifier as written — its text and whether it was quoted — and the
/// name it stands for, <see cref="Normalized"/>: upper case when unquoted, exact when quoted.
/// Two identifiers are equal when they name the same object: <c>my_db</c>, <c>MY_DB</c> and
/// <c>"MY_DB"</c> are equal; <c>"my_db"</c> is not.
/// </summary>
public readonly record struct Identifier
{
    private readonly string? _text;
    private readonly string? _normalized;

    private Identifier(string text, bool isQuoted)
    {
        _text = text;
        _normalized = isQuoted ? text : text.ToUpperInvariant();
        IsQuoted = isQuoted;
    }

    /// <summary>The identifier as written, without the quotes of a quoted one (<c>""</c> unescaped).</summary>
    public string Text => _text ?? "";

    public bool IsQuoted { get; }

    /// <summary>The stored name: upper case for an unquoted identifier, the exact text of a quoted one.</summary>
    public string Normalized => _normalized ?? "";

    /// <summary>An unquoted identifier; throws when <paramref name="text"/> is not one.</summary>
    public static Identifier Unquoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UrlIdentifier.IsUnquotedIdentifier(text)
            ? new Identifier(text, isQuoted: false)
            : throw new ArgumentException($"'{text}' is not an unquoted identifier.", nameof(text));
    }

    /// <summary>A quoted identifier with the given content (1 to 255 characters of any kind).</summary>
    public static Identifier Quoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length is > 0 and <= UrlIdentifier.MaxLength
            ? new Identifier(text, isQuoted: true)
            : throw new ArgumentException("A quoted identifier has 1 to 255 characters.", nameof(text));
    }

    /// <summary>
    /// Reads an identifier written as in SQL: <c>my_role</c> or <c>"My Role"</c> (for names that come
    /// from elsewhere than a statement, such as the SQL API's <c>role</c> field).
    /// </summary>
    public static bool TryParse(string? sql, out Identifier identifier)
    {
        identifier = default;
        LexResult? lexed = sql is null ? null : Lexer.Scan(sql);
        if (lexed is null || lexed.Error is not null || lexed.Tokens.Count != 2)
        {
            return false;
        }

        Token token = lexed.Tokens[0];
        if (token.Kind == TokenKind.QuotedIdentifier)
        {
            identifier = new Identifier(token.Value, isQuoted: true);
        }
        else if (token.Kind == TokenKind.Word && !Keywords.IsReserved(token.Value))
        {
            identifier = new Identifier(token.Text, isQuoted: false);
        }

        return identifier.Text.Length > 0;
    }

    /// <summary>
    /// The identifier as canonical SQL: bare when its normalized name reads back the same unquoted
    /// (an unquoted identifier in upper case that is not a reserved word), otherwise quoted.
    /// </summary>
    public string ToSql() =>
        CanBeUnquoted(Normalized) ? Normalized : "\"" + Normalized.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public bool Equals(Identifier other) => string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Normalized);

    public override string ToString() => ToSql();

    private static bool CanBeUnquoted(string name) =>
        UrlIdentifier.IsUnquotedIdentifier(name)
        && !name.Any(char.IsAsciiLetterLower)
        && !Keywords.IsReserved(name);
}
