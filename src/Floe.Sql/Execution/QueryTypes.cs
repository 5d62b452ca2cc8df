using Floe.Sql.Ast;

namespace Floe.Sql.Execution;

/// <summary>
/// The <c>QUERY_TYPE</c> of a statement in query history, Snowflake's way: the verb (<c>SHOW</c>,
/// <c>GRANT</c>, <c>USE</c>, <c>SELECT</c>, <c>CREATE</c>, …), joined to the object for users and
/// roles (<c>CREATE_USER</c>, <c>ALTER_USER</c>, <c>DROP_ROLE</c>).
/// </summary>
internal static class QueryTypes
{
    public const string Unknown = "UNKNOWN";

    public static string Of(Statement statement)
    {
        // Only the leading keywords are looked at; the rest of the text (secrets included) is dropped.
        string[] words = statement.ToSql().Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        string verb = words.Length > 0 ? words[0] : Unknown;
        if (verb is not ("CREATE" or "ALTER" or "DROP"))
        {
            return verb == "DESC" ? "DESCRIBE" : verb;
        }

        int objectWord = words.Length > 3 && words[1] == "OR" && words[2] == "REPLACE" ? 3 : 1;
        return words.Length > objectWord && words[objectWord] is "USER" or "ROLE" ? verb + "_" + words[objectWord] : verb;
    }
}
