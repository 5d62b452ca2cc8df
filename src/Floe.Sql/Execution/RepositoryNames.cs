using Floe.Core.Naming;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;

namespace Floe.Sql.Execution;

/// <summary>
/// Completes the name of an image repository from the session. The parser already
/// refuses a quoted part as written; a part taken from the session must be an unquoted identifier too,
/// in its stored upper-case form, or the repository URL could not name it.
/// </summary>
internal static class RepositoryNames
{
    public static SqlResult<RepositoryKey> ResolveRepository(this StatementContext context, ObjectName name, string statement)
    {
        SqlResult<(string Database, string Schema)> container = context.ResolveContainer(name, statement);
        if (!container.IsSuccess)
        {
            return container.Error;
        }

        (string database, string schema) = container.Value;
        if (name.Database is null && !IsUnquotedForm(database))
        {
            return SqlErrors.QuotedContextNotSupported("database", SqlNames.Display(database));
        }

        if (name.Schema is null && !IsUnquotedForm(schema))
        {
            return SqlErrors.QuotedContextNotSupported("schema", SqlNames.Display(schema));
        }

        return new RepositoryKey(database, schema, name.Name.Normalized);
    }

    /// <summary>Whether an unquoted identifier reads as this stored name: valid, and already upper case.</summary>
    public static bool IsUnquotedForm(string stored) =>
        UrlIdentifier.IsUnquotedIdentifier(stored) && !stored.Any(char.IsAsciiLetterLower);
}
