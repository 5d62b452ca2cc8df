using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>The entry point of the SQL dialect's front half: text in, statements or a syntax error out.</summary>
public static class SqlParser
{
    /// <summary>
    /// Parses a request: statements separated by <c>;</c>, with comments, empty statements and a
    /// trailing <c>;</c> allowed. Answers every statement, in order, or the first error (nothing of
    /// a request with an error runs). Text without a statement answers an empty list. Never throws
    /// on any text.
    /// </summary>
    public static SqlResult<IReadOnlyList<Statement>> Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new Parser(Lexer.Scan(sql)).ParseScript();
    }

    /// <summary>
    /// <see cref="Parse"/>, with each statement's own text as written (from its first token to its
    /// last, comments between them included; the separating <c>;</c> left out).
    /// </summary>
    public static SqlResult<IReadOnlyList<SourceStatement>> ParseWithText(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        Parser parser = new(Lexer.Scan(sql));
        SqlResult<IReadOnlyList<Statement>> parsed = parser.ParseScript();
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        List<int> lineStarts = [0];
        for (int i = 0; i < sql.Length; i++)
        {
            if (sql[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        List<SourceStatement> statements = new(parsed.Value.Count);
        for (int i = 0; i < parsed.Value.Count; i++)
        {
            (Token first, Token last) = parser.Spans[i];
            int start = lineStarts[first.Line - 1] + first.Position;
            int end = lineStarts[last.Line - 1] + last.Position + last.Text.Length;
            statements.Add(new SourceStatement(parsed.Value[i], sql[start..end]));
        }

        return SqlResult<IReadOnlyList<SourceStatement>>.Ok(statements);
    }
}

/// <summary>A parsed statement and its text as written in the request.</summary>
public sealed record SourceStatement(Statement Statement, string Text);
