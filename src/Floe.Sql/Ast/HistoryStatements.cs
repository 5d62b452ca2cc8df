using System.Globalization;

namespace Floe.Sql.Ast;

/// <summary>The history table functions of <c>INFORMATION_SCHEMA</c>.</summary>
public enum HistoryFunction
{
    LoginHistory,
    LoginHistoryByUser,
    QueryHistory,
    QueryHistoryByUser,

    /// <summary>Floe's own: manifest pushes and pulls, and blob mounts.</summary>
    RegistryHistory,
}

/// <summary>The named arguments of the history table functions, as Snowflake spells them.</summary>
public enum HistoryArgument
{
    UserName,
    TimeRangeStart,
    TimeRangeEnd,
    EndTimeRangeStart,
    EndTimeRangeEnd,
    ResultLimit,
}

/// <summary>The SQL spelling of <see cref="HistoryFunction"/> and <see cref="HistoryArgument"/>, and which function takes which argument.</summary>
public static class HistoryFunctions
{
    /// <summary>RESULT_LIMIT when none is given, and its bounds (Snowflake's).</summary>
    public const int DefaultLimit = 100;

    public const int MaxLimit = 10_000;

    internal static readonly KeywordMap<HistoryFunction> Names = new(
        (HistoryFunction.LoginHistory, "LOGIN_HISTORY"),
        (HistoryFunction.LoginHistoryByUser, "LOGIN_HISTORY_BY_USER"),
        (HistoryFunction.QueryHistory, "QUERY_HISTORY"),
        (HistoryFunction.QueryHistoryByUser, "QUERY_HISTORY_BY_USER"),
        (HistoryFunction.RegistryHistory, "REGISTRY_HISTORY"));

    internal static readonly KeywordMap<HistoryArgument> ArgumentNames = new(
        (HistoryArgument.UserName, "USER_NAME"),
        (HistoryArgument.TimeRangeStart, "TIME_RANGE_START"),
        (HistoryArgument.TimeRangeEnd, "TIME_RANGE_END"),
        (HistoryArgument.EndTimeRangeStart, "END_TIME_RANGE_START"),
        (HistoryArgument.EndTimeRangeEnd, "END_TIME_RANGE_END"),
        (HistoryArgument.ResultLimit, "RESULT_LIMIT"));

    public static string ToSql(this HistoryFunction function) => Names.ToSql(function);

    public static string ToSql(this HistoryArgument argument) => ArgumentNames.ToSql(argument);

    /// <summary>Whether the function reads query history, whose time range is on a statement's end time.</summary>
    public static bool IsQueryHistory(this HistoryFunction function) =>
        function is HistoryFunction.QueryHistory or HistoryFunction.QueryHistoryByUser;

    /// <summary>Whether <paramref name="function"/> takes <paramref name="argument"/>.</summary>
    public static bool Takes(this HistoryFunction function, HistoryArgument argument) => argument switch
    {
        HistoryArgument.UserName => function is HistoryFunction.LoginHistoryByUser or HistoryFunction.QueryHistoryByUser,
        HistoryArgument.TimeRangeStart or HistoryArgument.TimeRangeEnd => !function.IsQueryHistory(),
        HistoryArgument.EndTimeRangeStart or HistoryArgument.EndTimeRangeEnd => function.IsQueryHistory(),
        HistoryArgument.ResultLimit => true,
        _ => false,
    };
}

/// <summary>
/// <c>SELECT * FROM TABLE(INFORMATION_SCHEMA.&lt;function&gt;([&lt;argument&gt; =&gt; &lt;value&gt; [, ...]]))</c>.
/// <see cref="UserName"/> is the normalized user name of <c>USER_NAME =&gt;</c>, null for the current
/// user; the time range is that of <c>[END_]TIME_RANGE_START/END</c>; <see cref="ResultLimit"/> is
/// <c>RESULT_LIMIT</c>, null for the default of <see cref="HistoryFunctions.DefaultLimit"/>.
/// </summary>
public sealed record SelectHistory(
    HistoryFunction Function,
    string? UserName = null,
    DateTimeOffset? RangeStart = null,
    DateTimeOffset? RangeEnd = null,
    int? ResultLimit = null) : Statement
{
    public int Limit => ResultLimit ?? HistoryFunctions.DefaultLimit;

    public override string ToSql()
    {
        bool query = Function.IsQueryHistory();
        List<string> arguments = [];
        if (UserName is not null)
        {
            arguments.Add("USER_NAME => " + SqlText.Literal(Identifier.Quoted(UserName).ToSql()));
        }

        if (RangeStart is { } start)
        {
            arguments.Add((query ? "END_TIME_RANGE_START" : "TIME_RANGE_START") + " => " + Timestamp(start));
        }

        if (RangeEnd is { } end)
        {
            arguments.Add((query ? "END_TIME_RANGE_END" : "TIME_RANGE_END") + " => " + Timestamp(end));
        }

        if (ResultLimit is { } limit)
        {
            arguments.Add("RESULT_LIMIT => " + limit.ToString(CultureInfo.InvariantCulture));
        }

        return $"SELECT * FROM TABLE(INFORMATION_SCHEMA.{Function.ToSql()}({SqlText.List(arguments)}))";
    }

    private static string Timestamp(DateTimeOffset value) =>
        SqlText.Literal(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
}
