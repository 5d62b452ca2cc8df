using Floe.Sql.Ast;
using Floe.Sql.Errors;
using CoreObjectName = Floe.Core.Metadata.ControlPlane.ObjectName;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// How the access-control statements name objects and word their answers: names as canonical SQL
/// (parts quoted only when they must be), Snowflake's status messages, and the not-found /
/// not-allowed errors with the object type spelled as Snowflake spells it in each.
/// </summary>
internal static class SecurityText
{
    public const string Done = "Statement executed successfully.";

    /// <summary>One stored name as SQL: <c>MY_ROLE</c>, or <c>"my role"</c> when it needs quotes.</summary>
    public static string Part(string name) => Identifier.Quoted(name).ToSql();

    /// <summary>The parts that are present, each as <see cref="Part"/>, joined by dots: <c>DB.SCHEMA.REPO</c>.</summary>
    public static string Qualified(params string?[] parts) =>
        string.Join('.', parts.Where(part => part is not null).Select(part => Part(part!)));

    public static string Qualified(CoreObjectName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Qualified(name.Database, name.Schema, name.Name);
    }

    /// <summary><c>User BOB successfully created.</c></summary>
    public static string Created(ObjectKind kind, string name) => $"{kind.DisplayName()} {name} successfully created.";

    /// <summary><c>BOB successfully dropped.</c></summary>
    public static string Dropped(string name) => $"{name} successfully dropped.";

    /// <summary>Snowflake's answer to <c>CREATE ... IF NOT EXISTS</c> of an existing object.</summary>
    public static string AlreadyExists(string name) => $"{name} already exists, statement succeeded.";

    /// <summary>Snowflake's answer to <c>DROP ... IF EXISTS</c> of a missing object.</summary>
    public static string AlreadyDropped(string name) => $"Drop statement executed successfully ({name} already dropped).";

    /// <summary><c>User 'BOB' does not exist or not authorized.</c> — for a missing and an invisible object alike.</summary>
    public static SqlError NotFound(ObjectKind kind, string name) => SqlErrors.NotFound(kind.DisplayName(), name);

    /// <summary><c>Insufficient privileges to operate on user 'BOB'</c> (Snowflake writes the type in lower case here).</summary>
    public static SqlError NotAllowed(ObjectKind kind, string name) =>
        SqlErrors.NotAllowed(kind.ToSql().ToLowerInvariant(), name);

    /// <summary>Snowflake's 090105 for a session without a usable primary role.</summary>
    public static SqlError NoCurrentRole(string statement) =>
        new("090105", "22000", $"Cannot perform {statement}. This session does not have a current role. Call 'USE ROLE' first.");
}
