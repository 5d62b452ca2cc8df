using Floe.Sql.Lexing;

namespace Floe.Sql.Tests.Lexing;

public class LexerTests
{
    private static IReadOnlyList<Token> Tokens(string sql)
    {
        LexResult result = Lexer.Scan(sql);
        Assert.Null(result.Error);
        return result.Tokens;
    }

    private static Token Single(string sql)
    {
        IReadOnlyList<Token> tokens = Tokens(sql);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(TokenKind.EndOfInput, tokens[1].Kind);
        return tokens[0];
    }

    private static string ErrorMessage(string sql) =>
        Assert.IsType<Floe.Sql.Errors.SqlError>(Lexer.Scan(sql).Error).Message;

    [Theory]
    [InlineData("select", "SELECT")]
    [InlineData("My_Repo$1", "MY_REPO$1")]
    [InlineData("_x", "_X")]
    public void Scan_UnquotedWord_IsUpperCasedWordKeepingItsText(string sql, string value)
    {
        Token token = Single(sql);

        Assert.Equal(new Token(TokenKind.Word, sql, value, 1, 0), token);
    }

    [Fact]
    public void Scan_WordOf255Characters_IsAWord()
    {
        string name = new('a', 255);

        Assert.Equal(TokenKind.Word, Single(name).Kind);
    }

    [Fact]
    public void Scan_WordOver255Characters_IsASyntaxErrorAtTheWord()
    {
        string name = new('a', 256);

        Assert.Equal($"SQL compilation error:\nsyntax error line 1 at position 5 unexpected '{name}'.", ErrorMessage("USE  " + name));
    }

    [Theory]
    [InlineData("\"My Role\"", "My Role")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("\"\"\"\"", "\"")]
    [InlineData("\"a.b; -- c\"", "a.b; -- c")]
    public void Scan_QuotedIdentifier_KeepsCaseAndUnescapesQuotes(string sql, string value)
    {
        Token token = Single(sql);

        Assert.Equal(new Token(TokenKind.QuotedIdentifier, sql, value, 1, 0), token);
    }

    [Fact]
    public void Scan_EmptyQuotedIdentifier_IsASyntaxError()
    {
        Assert.Equal("SQL compilation error:\nsyntax error line 1 at position 9 unexpected '\"\"'.", ErrorMessage("USE ROLE \"\""));
    }

    [Fact]
    public void Scan_QuotedIdentifierOver255Characters_IsASyntaxError()
    {
        Assert.NotNull(Lexer.Scan("\"" + new string('x', 256) + "\"").Error);
        Assert.Null(Lexer.Scan("\"" + new string('x', 255) + "\"").Error);
    }

    [Theory]
    [InlineData("'abc'", "abc")]
    [InlineData("''", "")]
    [InlineData("'it''s'", "it's")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'\""'", "\"")]
    [InlineData(@"'\b\f\n\r\t'", "\b\f\n\r\t")]
    [InlineData(@"'\0'", "\0")]
    [InlineData(@"'\101\060'", "A0")]
    [InlineData(@"'\x41\x6a'", "Aj")]
    [InlineData(@"'\u00e9\u20AC'", "é€")]
    [InlineData(@"'\q\%'", "q%")]
    [InlineData("'two\nlines'", "two\nlines")]
    public void Scan_String_DecodesSnowflakeEscapes(string sql, string value)
    {
        Token token = Single(sql);

        Assert.Equal(new Token(TokenKind.String, sql, value, 1, 0), token);
    }

    [Theory]
    [InlineData(@"SELECT '\xZZ'", 8, @"\x")]
    [InlineData(@"SELECT '\u12'", 8, @"\u")]
    public void Scan_MalformedHexEscape_IsASyntaxErrorAtTheEscape(string sql, int position, string token)
    {
        Assert.Equal($"SQL compilation error:\nsyntax error line 1 at position {position} unexpected '{token}'.", ErrorMessage(sql));
    }

    [Theory]
    [InlineData("SELECT 'abc", 7, "'")]
    [InlineData("SELECT 'abc''", 7, "'")]
    [InlineData(@"SELECT 'abc\", 7, "'")]
    [InlineData("SELECT \"abc", 7, "\"")]
    [InlineData("SELECT /* abc", 7, "/*")]
    public void Scan_Unterminated_IsASyntaxErrorWhereItStartsWithoutEchoingItsText(string sql, int position, string token)
    {
        Assert.Equal($"SQL compilation error:\nsyntax error line 1 at position {position} unexpected '{token}'.", ErrorMessage(sql));
    }

    [Fact]
    public void Scan_UnterminatedStringAfterNewlines_ReportsTheLineAndColumnWhereItStarts()
    {
        Assert.Equal("SQL compilation error:\nsyntax error line 3 at position 4 unexpected '''.", ErrorMessage("A\n\n  B 'x\ny"));
    }

    [Fact]
    public void Scan_TokensBeforeALexicalError_AreKept()
    {
        LexResult result = Lexer.Scan("SHOW ROLES; 'oops");

        Assert.NotNull(result.Error);
        Assert.Equal([TokenKind.Word, TokenKind.Word, TokenKind.Semicolon, TokenKind.EndOfInput], result.Tokens.Select(t => t.Kind));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("42", "42")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e10", "1e10")]
    [InlineData("2.5E-3", "2.5E-3")]
    public void Scan_Number_KeepsItsText(string sql, string value)
    {
        Assert.Equal(new Token(TokenKind.Number, sql, value, 1, 0), Single(sql));
    }

    [Fact]
    public void Scan_NumberFollowedByLetters_IsANumberThenAWord()
    {
        Assert.Equal([TokenKind.Number, TokenKind.Word, TokenKind.EndOfInput], Tokens("12ab").Select(t => t.Kind));
    }

    [Theory]
    [InlineData(".", nameof(TokenKind.Period))]
    [InlineData(",", nameof(TokenKind.Comma))]
    [InlineData(";", nameof(TokenKind.Semicolon))]
    [InlineData("(", nameof(TokenKind.LeftParen))]
    [InlineData(")", nameof(TokenKind.RightParen))]
    [InlineData("=", nameof(TokenKind.Equals))]
    [InlineData("*", nameof(TokenKind.Star))]
    [InlineData("~", nameof(TokenKind.Unknown))]
    [InlineData("-", nameof(TokenKind.Unknown))]
    [InlineData("$", nameof(TokenKind.Unknown))]
    [InlineData("é", nameof(TokenKind.Unknown))]
    [InlineData("😀", nameof(TokenKind.Unknown))]
    public void Scan_Symbol_IsOneToken(string sql, string kind)
    {
        Assert.Equal(new Token(Enum.Parse<TokenKind>(kind), sql, sql, 1, 0), Single(sql));
    }

    [Theory]
    [InlineData("-- comment\nROLES")]
    [InlineData("// comment\nROLES")]
    [InlineData("/* a\n * b */ROLES")]
    [InlineData("/**/ROLES -- trailing")]
    [InlineData("ROLES /* trailing */")]
    [InlineData("  \t\r\nROLES\r\n")]
    public void Scan_CommentsAndWhitespace_AreSkipped(string sql)
    {
        IReadOnlyList<Token> tokens = Tokens(sql);

        Assert.Equal(["ROLES", ""], tokens.Select(t => t.Value));
    }

    [Fact]
    public void Scan_BlockComments_DoNotNest()
    {
        Assert.Equal(["*", "/", ""], Tokens("/* /* */ */").Select(t => t.Value));
    }

    [Fact]
    public void Scan_MultiLineText_GivesEachTokenItsLineAndZeroBasedColumn()
    {
        IReadOnlyList<Token> tokens = Tokens("SHOW\n  ROLES /* x\n y */ LIKE\r\n\t'a';");

        Assert.Equal(
            [(1, 0), (2, 2), (3, 6), (4, 1), (4, 4), (4, 5)],
            tokens.Select(t => (t.Line, t.Position)));
    }

    [Fact]
    public void Scan_TokenAfterMultiLineString_CountsTheStringsLines()
    {
        IReadOnlyList<Token> tokens = Tokens("'a\nbc' X");

        Assert.Equal((2, 4), (tokens[1].Line, tokens[1].Position));
    }

    [Theory]
    [InlineData("", 1, 0)]
    [InlineData("SELECT ~", 1, 8)]
    [InlineData("SHOW\nROLES\n", 3, 0)]
    public void Scan_EndOfInput_IsPlacedAtTheEndOfTheText(string sql, int line, int position)
    {
        Token end = Tokens(sql)[^1];

        Assert.Equal(new Token(TokenKind.EndOfInput, "<EOF>", "", line, position), end);
    }
}
