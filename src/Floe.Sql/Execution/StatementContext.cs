namespace Floe.Sql.Execution;

/// <summary>What a statement handler works with: the session it runs in and the engine's services.</summary>
public sealed record StatementContext(SqlSession Session, StatementServices Services);
