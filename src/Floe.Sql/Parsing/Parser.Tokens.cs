using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Moving over the tokens: looking ahead, accepting, expecting, and the syntax error.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// The token <paramref name="ahead"/> places on (never past the end). Reaching the end of a text
    /// that stopped at a lexical error raises that error: the parser needs the token it could not read.
    /// </summary>
    private Token Peek(int ahead = 0)
    {
        Token token = _lexed.Tokens[Math.Min(_index + ahead, _lexed.Tokens.Count - 1)];
        return token.Kind == TokenKind.EndOfInput && _lexed.Error is { } error ? throw Fail(error) : token;
    }

    private Token Next()
    {
        Token token = Peek();
        if (token.Kind != TokenKind.EndOfInput)
        {
            _index++;
        }

        return token;
    }

    private bool PeekKeyword(string keyword, int ahead = 0) => Peek(ahead).IsWord(keyword);

    private bool Accept(TokenKind kind)
    {
        if (Peek().Kind != kind)
        {
            return false;
        }

        _index++;
        return true;
    }

    private bool AcceptKeyword(string keyword)
    {
        if (!PeekKeyword(keyword))
        {
            return false;
        }

        _index++;
        return true;
    }

    /// <summary>Accepts the keywords when all of them come next, else nothing.</summary>
    private bool AcceptKeywords(params string[] keywords)
    {
        for (int i = 0; i < keywords.Length; i++)
        {
            if (!PeekKeyword(keywords[i], i))
            {
                return false;
            }
        }

        _index += keywords.Length;
        return true;
    }

    /// <summary>
    /// Accepts a clause whose first keyword can start nothing else here (<c>WITH GRANT OPTION</c>):
    /// once that keyword is there the others must follow, and the first missing one is the error.
    /// </summary>
    private bool AcceptClause(params string[] keywords)
    {
        if (!AcceptKeyword(keywords[0]))
        {
            return false;
        }

        ExpectKeywords(keywords[1..]);
        return true;
    }

    private Token Expect(TokenKind kind) => Peek().Kind == kind ? Next() : throw Unexpected(Peek());

    private Token ExpectWord() => Expect(TokenKind.Word);

    private void ExpectKeyword(string keyword)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Unexpected(Peek());
        }
    }

    private void ExpectKeywords(params string[] keywords)
    {
        foreach (string keyword in keywords)
        {
            ExpectKeyword(keyword);
        }
    }

    /// <summary>
    /// Accepts the phrase (one or more keywords, <c>SERVICE READ</c>) that the next words spell. When
    /// they start a phrase but stop short of it, the first word that differs is the syntax error.
    /// </summary>
    private bool AcceptPhrase<T>(IEnumerable<(T Value, string Sql)> phrases, out T value)
    {
        int longestStart = 0;
        foreach ((T candidate, string sql) in phrases)
        {
            string[] words = sql.Split(' ');
            int matched = 0;
            while (matched < words.Length && PeekKeyword(words[matched], matched))
            {
                matched++;
            }

            if (matched == words.Length)
            {
                _index += matched;
                value = candidate;
                return true;
            }

            longestStart = Math.Max(longestStart, matched);
        }

        value = default!;
        return longestStart == 0 ? false : throw Unexpected(Peek(longestStart));
    }

    /// <summary>One of the object kinds, by its keywords (<c>IMAGE REPOSITORY</c>).</summary>
    private ObjectKind ExpectKind(params ObjectKind[] kinds) =>
        AcceptPhrase(ObjectKinds.Singular.Entries.Where(entry => kinds.Contains(entry.Value)), out ObjectKind kind)
            ? kind
            : throw Unexpected(Peek());

    /// <summary>The syntax error at a token: <c>syntax error line 1 at position 7 unexpected 'FOO'.</c></summary>
    private static SqlParseException Unexpected(Token token) =>
        Fail(SqlErrors.SyntaxError(token.Line, token.Position, token.Text));

    private static SqlParseException Fail(SqlError error) => new(error);
}
