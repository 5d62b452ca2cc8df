using Floe.Sql.Ast;

namespace Floe.Sql.Execution;

/// <summary>The one-row <c>status</c> answers of DDL, in Snowflake's words.</summary>
internal static class StatusMessages
{
    public const string Executed = "Statement executed successfully.";

    /// <summary><c>Database MY_DB successfully created.</c>, <c>Image Repository TUTORIAL_REPO successfully created.</c></summary>
    public static string Created(ObjectKind kind, string displayName) => $"{kind.DisplayName()} {displayName} successfully created.";

    /// <summary><c>TUTORIAL_REPO successfully dropped.</c></summary>
    public static string Dropped(string displayName) => $"{displayName} successfully dropped.";

    /// <summary><c>CREATE ... IF NOT EXISTS</c> on an existing object: <c>MY_DB already exists, statement succeeded.</c></summary>
    public static string AlreadyExists(string displayName) => $"{displayName} already exists, statement succeeded.";

    /// <summary><c>DROP ... IF EXISTS</c> on a missing object: <c>Drop statement executed successfully (MY_DB already dropped).</c></summary>
    public static string AlreadyDropped(string displayName) => $"Drop statement executed successfully ({displayName} already dropped).";
}
