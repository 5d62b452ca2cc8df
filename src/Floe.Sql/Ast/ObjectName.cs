namespace Floe.Sql.Ast;

/// <summary>
/// The name of an object, qualified by as many of its containers as were written:
/// <c>name</c>, <c>schema.name</c> or <c>database.schema.name</c>. What is left out is taken from
/// the session when the statement runs.
/// </summary>
public sealed record ObjectName
{
    private ObjectName(Identifier? database, Identifier? schema, Identifier name)
    {
        Database = database;
        Schema = schema;
        Name = name;
    }

    public Identifier? Database { get; }

    public Identifier? Schema { get; }

    public Identifier Name { get; }

    /// <summary>The parts as written, outermost first (1 to 3).</summary>
    public IReadOnlyList<Identifier> Parts =>
        (Database, Schema) switch
        {
            ({ } database, { } schema) => [database, schema, Name],
            (null, { } schema) => [schema, Name],
            _ => [Name],
        };

    public static ObjectName Of(Identifier name) => new(null, null, name);

    public static ObjectName Of(Identifier schema, Identifier name) => new(null, schema, name);

    public static ObjectName Of(Identifier database, Identifier schema, Identifier name) => new(database, schema, name);

    /// <summary>An object name from 1 to 3 parts, outermost first.</summary>
    public static ObjectName Of(IReadOnlyList<Identifier> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count switch
        {
            1 => Of(parts[0]),
            2 => Of(parts[0], parts[1]),
            3 => Of(parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException("An object name has 1 to 3 parts.", nameof(parts)),
        };
    }

    public string ToSql() => string.Join('.', Parts.Select(part => part.ToSql()));

    public override string ToString() => ToSql();
}
