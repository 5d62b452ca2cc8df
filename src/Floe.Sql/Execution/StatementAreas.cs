namespace Floe.Sql.Execution;

/// <summary>Every <see cref="IStatementArea"/> of this assembly: the whole dialect.</summary>
public static class StatementAreas
{
    public static IReadOnlyList<IStatementArea> All() =>
    [
        .. typeof(StatementAreas).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IStatementArea).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (IStatementArea)Activator.CreateInstance(type, nonPublic: true)!),
    ];

    /// <summary>The engine over every area.</summary>
    public static SqlEngine CreateEngine(StatementServices services) => new(services, All());
}
