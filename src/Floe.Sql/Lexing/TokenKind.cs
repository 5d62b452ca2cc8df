namespace Floe.Sql.Lexing;

internal enum TokenKind
{
    /// <summary>A keyword or an unquoted identifier: the parser tells them apart by place.</summary>
    Word,
    QuotedIdentifier,
    String,
    Number,
    Period,
    Comma,
    Semicolon,
    LeftParen,
    RightParen,
    Equals,
    Star,

    /// <summary><c>=&gt;</c>, which names an argument of a table function.</summary>
    Arrow,

    /// <summary>A character no token starts with; the parser reports it as unexpected.</summary>
    Unknown,
    EndOfInput,
}
