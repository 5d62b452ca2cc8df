using Floe.Sql.Errors;

namespace Floe.Sql.Parsing;

/// <summary>
/// Carries a <see cref="SqlError"/> from deep in the parser to <see cref="Parser.ParseScript"/>,
/// the one place that catches it; it never leaves the parser.
/// </summary>
internal sealed class SqlParseException : Exception
{
    public SqlParseException(SqlError error)
        : base(error.Message) => Error = error;

    public SqlError Error { get; }
}
