namespace Floe.Sql.Ast;

/// <summary>
/// A parsed SQL statement: an immutable record that prints back as canonical SQL with
/// <see cref="ToSql"/> — upper-case keywords, single spaces, identifiers bare when they can be,
/// options in the order of the grammar — so that parsing that text gives an equal statement.
/// </summary>
public abstract record Statement
{
    public abstract string ToSql();
}
