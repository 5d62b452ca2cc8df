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
}
