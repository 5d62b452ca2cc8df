using Floe.Sql.Ast;
using Floe.Sql.Errors;
using CoreObjectName = Floe.Core.Metadata.ControlPlane.ObjectName;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// How the access-control statements name objects (<see cref="SqlNames"/>, with the store's
/// <c>ObjectName</c>s) and the not-found / not-allowed errors with the object type spelled as Snowflake
/// spells it in each. Status answers are <see cref="StatusMessages"/>.
/// </summary>
internal static class SecurityText
{
    /// <summary>One stored name as SQL: <c>MY_ROLE</c>, or <c>"my role"</c> when it needs quotes.</summary>
    public static string Part(string name) => SqlNames.Display(name);

    /// <summary>The parts that are present, each as <see cref="Part"/>, joined by dots: <c>DB.SCHEMA.REPO</c>.</summary>
    public static string Qualified(params string?[] parts) => SqlNames.Display([.. parts.OfType<string>()]);

    public static string Qualified(CoreObjectName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Qualified(name.Database, name.Schema, name.Name);
    }

    /// <summary><c>User 'BOB' does not exist or not authorized.</c> — for a missing and an invisible object alike.</summary>
    public static SqlError NotFound(ObjectKind kind, string name) => SqlErrors.NotFound(kind.DisplayName(), name);

    /// <summary><c>Insufficient privileges to operate on user 'BOB'</c> (Snowflake writes the type in lower case here).</summary>
    public static SqlError NotAllowed(ObjectKind kind, string name) =>
        SqlErrors.NotAllowed(kind.ToSql().ToLowerInvariant(), name);

    /// <summary>Snowflake's 090105 for a session without a usable primary role.</summary>
    public static SqlError NoCurrentRole(string statement) =>
        new("090105", "22000", $"Cannot perform {statement}. This session does not have a current role. Call 'USE ROLE' first.");
}
