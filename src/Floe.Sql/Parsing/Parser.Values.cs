using System.Globalization;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Names, literals and property lists: the pieces every statement is made of.</summary>
internal sealed partial class Parser
{
    /// <summary><c>identifier := unquoted-identifier (not a reserved word) | quoted-identifier</c></summary>
    private Identifier ParseIdentifier()
    {
        Token token = Peek();
        if (!IsIdentifier(token))
        {
            throw Unexpected(token);
        }

        _index++;
        return token.Kind == TokenKind.QuotedIdentifier ? Identifier.Quoted(token.Value) : Identifier.Unquoted(token.Text);
    }

    private static bool IsIdentifier(Token token) =>
        token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Word && !Keywords.IsReserved(token.Value));

    /// <summary>
    /// <c>name := identifier { '.' identifier }</c>, with as many parts as the kind allows
    /// (<see cref="ObjectKinds.MaxNameParts"/>). Every part of an image repository's name is unquoted
    ///: a quoted one is an error that says so, at the quoted part.
    /// </summary>
    private ObjectName ParseName(ObjectKind kind)
    {
        var parts = new List<Identifier>(3);
        do
        {
            Token token = Peek();
            if (kind == ObjectKind.ImageRepository && token.Kind == TokenKind.QuotedIdentifier)
            {
                throw Fail(SqlErrors.QuotedIdentifierNotSupported(token.Line, token.Position, token.Text));
            }

            parts.Add(ParseIdentifier());
        }
        while (parts.Count < kind.MaxNameParts() && Accept(TokenKind.Period));

        return ObjectName.Of(parts);
    }

    /// <summary>
    /// Whether an optional name comes next, rather than the clause after it (<c>STARTS WITH</c>,
    /// <c>LIMIT &lt;n&gt;</c>), so that <c>IN DATABASE STARTS WITH 'A'</c> reads as the current database.
    /// </summary>
    private bool PeekOptionalName() =>
        IsIdentifier(Peek())
        && !(PeekKeyword("STARTS") && PeekKeyword("WITH", 1))
        && !(PeekKeyword("LIMIT") && Peek(1).Kind == TokenKind.Number);

    private string ParseString() => Expect(TokenKind.String).Value;

    /// <summary><c>[LIKE '&lt;pattern&gt;']</c></summary>
    private string? ParseLike() => AcceptKeyword("LIKE") ? ParseString() : null;

    /// <summary>A whole number from 0 to <see cref="int.MaxValue"/>; another number is an invalid value of the property.</summary>
    private int ParseInteger(string property)
    {
        Token token = Expect(TokenKind.Number);
        return int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Fail(SqlErrors.UnsupportedValue(token.Text, property));
    }

    /// <summary><c>TRUE | FALSE</c></summary>
    private bool ParseBoolean(string property) =>
        ExpectWord() switch
        {
            { Value: "TRUE" } => true,
            { Value: "FALSE" } => false,
            var other => throw Fail(SqlErrors.UnsupportedValue(other.Text, property)),
        };

    /// <summary>A keyword among the values of the property (<c>TYPE = SERVICE</c>).</summary>
    private T ParseKeywordValue<T>(KeywordMap<T> values, string property)
        where T : struct, Enum
    {
        Token token = ExpectWord();
        return values.TryParse(token.Value, out T value) ? value : throw Fail(SqlErrors.UnsupportedValue(token.Text, property));
    }

    /// <summary>A string among the values of the property, in any case (<c>TYPE = 'SNOWFLAKE_FULL'</c>).</summary>
    private T ParseStringValue<T>(KeywordMap<T> values, string property)
        where T : struct, Enum
    {
        string text = ParseString();
        return values.TryParse(text.ToUpperInvariant(), out T value) ? value : throw Fail(SqlErrors.UnsupportedValue(text, property));
    }

    /// <summary>
    /// <c>properties := { &lt;property&gt; = &lt;value&gt; [','] }</c>, in any order. <paramref name="readValue"/>
    /// reads the value of a property the statement takes and answers false for any other, which is
    /// Snowflake's <c>invalid property '&lt;property&gt;' for '&lt;owner&gt;'</c>; a property given twice is
    /// an error too. The list ends at the first token that does not start a property.
    /// </summary>
    private void ParseProperties(string owner, Func<string, bool> readValue)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (PeekProperty(0))
        {
            Token name = Next();
            _index++;
            if (!readValue(name.Value))
            {
                throw Fail(SqlErrors.UnknownProperty(name.Text, owner));
            }

            if (!seen.Add(name.Value))
            {
                throw Fail(SqlErrors.DuplicateProperty(name.Value));
            }

            if (Peek().Kind == TokenKind.Comma && PeekProperty(1))
            {
                _index++;
            }
        }
    }

    private bool PeekProperty(int ahead) => Peek(ahead).Kind == TokenKind.Word && Peek(ahead + 1).Kind == TokenKind.Equals;

    /// <summary><c>[COMMENT = '&lt;c&gt;']</c>, the one property of most objects.</summary>
    private string? ParseComment(ObjectKind kind)
    {
        string? comment = null;
        ParseProperties(kind.PropertyOwnerName(), property =>
        {
            if (property != "COMMENT")
            {
                return false;
            }

            comment = ParseString();
            return true;
        });
        return comment;
    }
}
