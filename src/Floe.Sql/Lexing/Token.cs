namespace Floe.Sql.Lexing;

/// <summary>
/// A token of SQL text. <see cref="Text"/> is the source as written (what an error message shows);
/// <see cref="Value"/> is what it means: upper case for a word, the unescaped content of a quoted
/// identifier or a string. <see cref="Line"/> is 1-based; <see cref="Position"/> is the 0-based column
/// within the line, which is what Snowflake reports as "position".
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, string Value, int Line, int Position)
{
    public const string EndOfInputText = "<EOF>";

    public bool IsWord(string keyword) => Kind == TokenKind.Word && Value == keyword;
}
