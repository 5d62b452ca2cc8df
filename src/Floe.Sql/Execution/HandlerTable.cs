using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>Runs one kind of statement: authorizes it against the session, then executes it.</summary>
public delegate Task<SqlResult<StatementOutcome>> StatementHandler<in TStatement>(
    TStatement statement, StatementContext context, CancellationToken cancellationToken)
    where TStatement : Statement;

/// <summary>
/// Which handler runs which statement. Each area of the dialect (sessions, databases, users, grants…)
/// registers its handlers in its own <see cref="IStatementArea"/>, so areas stay independent files.
/// Statements shared by several object kinds (<c>DROP</c>, <c>SHOW</c>, <c>ALTER … SET COMMENT</c>) are
/// registered per <see cref="ObjectKind"/>.
/// </summary>
public sealed class HandlerTable
{
    private readonly Dictionary<(Type Statement, ObjectKind? Kind), Func<Statement, StatementContext, CancellationToken, Task<SqlResult<StatementOutcome>>>> _handlers = [];

    public HandlerTable On<TStatement>(StatementHandler<TStatement> handler)
        where TStatement : Statement => Add<TStatement>(null, handler);

    public HandlerTable On<TStatement>(ObjectKind kind, StatementHandler<TStatement> handler)
        where TStatement : Statement => Add<TStatement>(kind, handler);

    internal Task<SqlResult<StatementOutcome>> RunAsync(Statement statement, StatementContext context, CancellationToken cancellationToken)
    {
        ObjectKind? kind = KindOf(statement);
        if (_handlers.TryGetValue((statement.GetType(), kind), out var handler)
            || _handlers.TryGetValue((statement.GetType(), null), out handler))
        {
            return handler(statement, context, cancellationToken);
        }

        return Task.FromResult<SqlResult<StatementOutcome>>(SqlErrors.InvalidProperty.WithDetail(
            "unsupported feature: " + statement.ToSql()));
    }

    private HandlerTable Add<TStatement>(ObjectKind? kind, StatementHandler<TStatement> handler)
        where TStatement : Statement
    {
        if (!_handlers.TryAdd((typeof(TStatement), kind), (s, c, t) => handler((TStatement)s, c, t)))
        {
            throw new InvalidOperationException($"{typeof(TStatement).Name} ({kind}) has two handlers.");
        }

        return this;
    }

    private static ObjectKind? KindOf(Statement statement) => statement switch
    {
        DropObject drop => drop.Kind,
        SetComment set => set.Kind,
        UnsetComment unset => unset.Kind,
        ShowObjects show => show.Kind,
        ShowSchemaObjects show => show.Kind,
        _ => null,
    };
}

/// <summary>One area of the dialect: registers the handlers of its statements.</summary>
public interface IStatementArea
{
    void Register(HandlerTable table);
}
