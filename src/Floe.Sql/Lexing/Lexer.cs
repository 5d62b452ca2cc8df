using System.Text;
using Floe.Core.Naming;
using Floe.Sql.Errors;

namespace Floe.Sql.Lexing;

/// <summary>
/// The tokens of a SQL text up to its end or to the first lexical error, and that error. The list
/// always ends with an <see cref="TokenKind.EndOfInput"/> token; the parser reports the error when it
/// reaches that token, so a syntax error in an earlier statement is reported first.
/// </summary>
internal sealed record LexResult(IReadOnlyList<Token> Tokens, SqlError? Error);

/// <summary>
/// Splits SQL text into tokens, Snowflake's way:
/// <list type="bullet">
/// <item>unquoted identifiers and keywords: a letter or <c>_</c>, then letters, digits, <c>_</c> and
/// <c>$</c>, at most 255 characters, upper-cased (ASCII letters only, like <see cref="UrlIdentifier"/>);</item>
/// <item>quoted identifiers <c>"My Role"</c>: any characters, <c>""</c> for a quote, case kept, 1 to 255 characters;</item>
/// <item>strings <c>'...'</c>: <c>''</c> for a quote, and the backslash escapes of Snowflake's string
/// constants (<see cref="EscapeReader"/>);</item>
/// <item>numbers: digits, an optional fraction and an optional exponent;</item>
/// <item><c>. , ; ( ) = *</c>; any other character is a one-character <see cref="TokenKind.Unknown"/> token;</item>
/// <item>whitespace, <c>--</c> and <c>//</c> line comments and <c>/* */</c> block comments (not nested) are skipped.</item>
/// </list>
/// An unterminated string, quoted identifier or comment, an empty or over-long identifier and a
/// malformed <c>\x</c> or <c>\u</c> escape are syntax errors at the token that starts them; the text
/// of an unterminated string is not echoed (it may be a password).
/// </summary>
internal sealed class Lexer
{
    private readonly string _sql;
    private readonly List<Token> _tokens = [];
    private int _index;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string sql) => _sql = sql;

    public static LexResult Scan(string sql)
    {
        var lexer = new Lexer(sql);
        SqlError? error = lexer.ScanAll();
        lexer._tokens.Add(new Token(TokenKind.EndOfInput, Token.EndOfInputText, "", lexer._line, lexer.Column));
        return new LexResult(lexer._tokens, error);
    }

    private int Column => _index - _lineStart;

    private char Current => _index < _sql.Length ? _sql[_index] : '\0';

    private bool AtEnd => _index >= _sql.Length;

    private char PeekAhead(int offset) => _index + offset < _sql.Length ? _sql[_index + offset] : '\0';

    private SqlError? ScanAll()
    {
        while (true)
        {
            SqlError? error = SkipTrivia();
            if (error is not null || AtEnd)
            {
                return error;
            }

            error = ScanToken();
            if (error is not null)
            {
                return error;
            }
        }
    }

    /// <summary>Moves one character on, keeping the line count.</summary>
    private void Advance()
    {
        if (_sql[_index] == '\n')
        {
            _line++;
            _lineStart = _index + 1;
        }

        _index++;
    }

    private SqlError? SkipTrivia()
    {
        while (!AtEnd)
        {
            char c = Current;
            if (char.IsWhiteSpace(c))
            {
                Advance();
            }
            else if ((c == '-' && PeekAhead(1) == '-') || (c == '/' && PeekAhead(1) == '/'))
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else if (c == '/' && PeekAhead(1) == '*')
            {
                int line = _line, position = Column;
                if (!SkipBlockComment())
                {
                    return ErrorAt(line, position, "/*");
                }
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private bool SkipBlockComment()
    {
        Advance();
        Advance();
        while (!AtEnd)
        {
            if (Current == '*' && PeekAhead(1) == '/')
            {
                Advance();
                Advance();
                return true;
            }

            Advance();
        }

        return false;
    }

    private SqlError? ScanToken()
    {
        char c = Current;
        if (char.IsAsciiLetter(c) || c == '_')
        {
            return ScanWord();
        }

        if (char.IsAsciiDigit(c))
        {
            ScanNumber();
            return null;
        }

        return c switch
        {
            '"' => ScanQuotedIdentifier(),
            '\'' => ScanString(),
            _ => ScanSymbol(c),
        };
    }

    private SqlError? ScanWord()
    {
        int start = _index;
        while (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '$')
        {
            _index++;
        }

        string text = _sql[start.._index];
        if (text.Length > UrlIdentifier.MaxLength)
        {
            return ErrorAt(_line, start - _lineStart, text);
        }

        Add(TokenKind.Word, start, text.ToUpperInvariant());
        return null;
    }

    private void ScanNumber()
    {
        int start = _index;
        SkipDigits();
        if (Current == '.' && char.IsAsciiDigit(PeekAhead(1)))
        {
            _index++;
            SkipDigits();
        }

        if (Current is 'e' or 'E')
        {
            int sign = PeekAhead(1) is '+' or '-' ? 1 : 0;
            if (char.IsAsciiDigit(PeekAhead(1 + sign)))
            {
                _index += 1 + sign;
                SkipDigits();
            }
        }

        Add(TokenKind.Number, start, _sql[start.._index]);
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Current))
        {
            _index++;
        }
    }

    private SqlError? ScanQuotedIdentifier()
    {
        int line = _line, position = Column, start = _index;
        var value = new StringBuilder();
        Advance();
        while (true)
        {
            if (AtEnd)
            {
                return ErrorAt(line, position, "\"");
            }

            if (Current == '"' && PeekAhead(1) != '"')
            {
                Advance();
                break;
            }

            if (Current == '"')
            {
                Advance();
            }

            value.Append(Current);
            Advance();
        }

        string text = _sql[start.._index];
        if (value.Length is 0 or > UrlIdentifier.MaxLength)
        {
            return ErrorAt(line, position, text);
        }

        _tokens.Add(new Token(TokenKind.QuotedIdentifier, text, value.ToString(), line, position));
        return null;
    }

    private SqlError? ScanString()
    {
        int line = _line, position = Column, start = _index;
        var value = new StringBuilder();
        Advance();
        while (true)
        {
            if (AtEnd)
            {
                return ErrorAt(line, position, "'");
            }

            if (Current == '\'' && PeekAhead(1) == '\'')
            {
                value.Append('\'');
                Advance();
                Advance();
            }
            else if (Current == '\'')
            {
                Advance();
                break;
            }
            else if (Current == '\\')
            {
                SqlError? error = ReadEscape(value, line, position);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                value.Append(Current);
                Advance();
            }
        }

        _tokens.Add(new Token(TokenKind.String, _sql[start.._index], value.ToString(), line, position));
        return null;
    }

    private SqlError? ReadEscape(StringBuilder value, int line, int position)
    {
        int escapeLine = _line, escapeColumn = Column;
        Advance();
        if (AtEnd)
        {
            return ErrorAt(line, position, "'");
        }

        int length = EscapeReader.Read(_sql.AsSpan(_index), value);
        if (length == 0)
        {
            return ErrorAt(escapeLine, escapeColumn, _sql.Substring(_index - 1, 2));
        }

        for (int i = 0; i < length; i++)
        {
            Advance();
        }

        return null;
    }

    private SqlError? ScanSymbol(char c)
    {
        TokenKind kind = c switch
        {
            '.' => TokenKind.Period,
            ',' => TokenKind.Comma,
            ';' => TokenKind.Semicolon,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '=' => TokenKind.Equals,
            '*' => TokenKind.Star,
            _ => TokenKind.Unknown,
        };
        int start = _index;
        if (c == '=' && PeekAhead(1) == '>')
        {
            kind = TokenKind.Arrow;
            _index++;
        }

        _index += char.IsHighSurrogate(c) && char.IsLowSurrogate(PeekAhead(1)) ? 2 : 1;
        Add(kind, start, _sql[start.._index]);
        return null;
    }

    /// <summary>Adds a token that starts at <paramref name="start"/> on the current line and ends here.</summary>
    private void Add(TokenKind kind, int start, string value) =>
        _tokens.Add(new Token(kind, _sql[start.._index], value, _line, start - _lineStart));

    private static SqlError ErrorAt(int line, int position, string token) =>
        SqlErrors.SyntaxError(line, position, token);
}
