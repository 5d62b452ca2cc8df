using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using ObjectName = Floe.Sql.Ast.ObjectName;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>
/// What a statement handler works with: the session it runs in, the engine's services, and the
/// helpers every area needs — the session's roles and the resolution of partly qualified names.
/// </summary>
public sealed record StatementContext(SqlSession Session, StatementServices Services)
{
    private SessionRoles? _roles;

    public IControlPlaneStore Store => Services.ControlPlane;

    public Authorizer Authorizer => Services.Authorizer;

    public long AccountId => Session.AccountId;

    /// <summary>
    /// The session's roles: <see cref="SessionRoles.Effective"/> authorizes statements (primary plus
    /// secondary roles), <see cref="SessionRoles.ForCreate"/> authorizes <c>CREATE</c> (primary role and
    /// the roles below it). Loaded once per statement.
    /// </summary>
    public async ValueTask<SessionRoles> GetRolesAsync(CancellationToken cancellationToken)
    {
        if (_roles is not null)
        {
            return _roles;
        }

        SessionRecord probe = new(string.Empty, Session.AccountId, Session.UserId, Session.Role, Session.Database, Session.Schema,
            Session.SecondaryRolesAll ? Core.Metadata.ControlPlane.SecondaryRoles.All : Core.Metadata.ControlPlane.SecondaryRoles.None,
            default, default, Session.RoleRestriction);
        _roles = await Authorizer.ResolveSessionAsync(probe, cancellationToken)
            ?? throw new InvalidOperationException("the session's user no longer exists");
        return _roles;
    }

    /// <summary>
    /// The database and schema of an object named with up to three parts, the missing ones taken
    /// from the session. Fails like Snowflake when the session has no current database or schema.
    /// </summary>
    public SqlResult<(string Database, string Schema)> ResolveContainer(ObjectName name, string statement)
    {
        string? database = name.Database?.Normalized ?? Session.Database;
        string? schema = name.Schema?.Normalized ?? Session.Schema;
        if (database is null)
        {
            return NoCurrent("database", statement);
        }

        if (schema is null)
        {
            return NoCurrent("schema", statement);
        }

        return (database, schema);
    }

    /// <summary>
    /// The database of a schema named with one or two parts (<c>db.schema</c> parses as
    /// <see cref="ObjectName.Schema"/> = db, <see cref="ObjectName.Name"/> = schema), the missing one from the session.
    /// </summary>
    public SqlResult<string> ResolveDatabase(ObjectName schemaName, string statement)
    {
        string? database = schemaName.Schema?.Normalized ?? Session.Database;
        return database is null ? NoCurrent("database", statement) : database;
    }

    /// <summary>Snowflake's 090105: <c>Cannot perform CREATE IMAGE REPOSITORY. This session does not have a current database…</c></summary>
    public static SqlError NoCurrent(string what, string statement) =>
        new("090105", "22000",
            $"Cannot perform {statement}. This session does not have a current {what}. Call 'USE {what.ToUpperInvariant()}', or use a qualified name.");
}
