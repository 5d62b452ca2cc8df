using System.Globalization;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>The history table functions: the one form of <c>SELECT ... FROM</c> the dialect has.</summary>
internal sealed partial class Parser
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss.FFFFFFF zzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFZ",
    ];

    /// <summary>
    /// <c>SELECT * FROM TABLE([&lt;db&gt;.]INFORMATION_SCHEMA.&lt;function&gt;([&lt;argument&gt; =&gt; &lt;value&gt; [, ...]]))</c>,
    /// after <c>SELECT</c>. A value is a string, a whole number (<c>RESULT_LIMIT</c>), or
    /// <c>CURRENT_USER[()]</c> (<c>USER_NAME</c>).
    /// </summary>
    private SelectHistory ParseSelectHistory()
    {
        Expect(TokenKind.Star);
        ExpectKeywords("FROM", "TABLE");
        Expect(TokenKind.LeftParen);
        if (!PeekKeyword("INFORMATION_SCHEMA") && IsIdentifier(Peek()) && Peek(1).Kind == TokenKind.Period)
        {
            _index += 2; // the database: history is the account's, whichever database names it
        }

        ExpectKeyword("INFORMATION_SCHEMA");
        Expect(TokenKind.Period);
        Token name = ExpectWord();
        if (!HistoryFunctions.Names.TryParse(name.Value, out HistoryFunction function))
        {
            throw Unexpected(name);
        }

        Expect(TokenKind.LeftParen);
        SelectHistory statement = new(function);
        HashSet<HistoryArgument> seen = [];
        if (Peek().Kind != TokenKind.RightParen)
        {
            do
            {
                statement = ParseHistoryArgument(statement, seen);
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RightParen);
        Expect(TokenKind.RightParen);
        return statement;
    }

    /// <summary><c>&lt;argument&gt; =&gt; &lt;value&gt;</c>: an argument the function takes, at most once.</summary>
    private SelectHistory ParseHistoryArgument(SelectHistory statement, HashSet<HistoryArgument> seen)
    {
        Token name = ExpectWord();
        string function = statement.Function.ToSql();
        if (!HistoryFunctions.ArgumentNames.TryParse(name.Value, out HistoryArgument argument) || !statement.Function.Takes(argument))
        {
            throw Fail(SqlErrors.UnknownArgument(name.Text, function));
        }

        if (!seen.Add(argument))
        {
            throw Fail(SqlErrors.DuplicateProperty(argument.ToSql()));
        }

        Expect(TokenKind.Arrow);
        return argument switch
        {
            HistoryArgument.UserName => statement with { UserName = ParseHistoryUser() },
            HistoryArgument.ResultLimit => statement with { ResultLimit = ParseResultLimit() },
            HistoryArgument.TimeRangeStart or HistoryArgument.EndTimeRangeStart => statement with { RangeStart = ParseTimestamp(argument) },
            _ => statement with { RangeEnd = ParseTimestamp(argument) },
        };
    }

    /// <summary>
    /// <c>'&lt;name&gt;'</c> (read as an identifier, Snowflake's rule: <c>'alice'</c> is ALICE,
    /// <c>'"Alice"'</c> is Alice) or <c>CURRENT_USER[()]</c>, which is null.
    /// </summary>
    private string? ParseHistoryUser()
    {
        if (AcceptKeyword("CURRENT_USER"))
        {
            if (Accept(TokenKind.LeftParen))
            {
                Expect(TokenKind.RightParen);
            }

            return null;
        }

        Token value = Expect(TokenKind.String);
        return Identifier.TryParse(value.Value, out Identifier user)
            ? user.Normalized
            : throw Fail(SqlErrors.UnsupportedValue(value.Value, "USER_NAME", "not a user name"));
    }

    /// <summary>A whole number from 1 to <see cref="HistoryFunctions.MaxLimit"/>.</summary>
    private int ParseResultLimit()
    {
        Token token = Expect(TokenKind.Number);
        return int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit is >= 1 and <= HistoryFunctions.MaxLimit
            ? limit
            : throw Fail(SqlErrors.UnsupportedValue(token.Text, "RESULT_LIMIT", $"must be from 1 to {HistoryFunctions.MaxLimit}"));
    }

    /// <summary>A timestamp as a string, ISO 8601 (<c>'2025-03-01 12:00:00'</c>, <c>'2025-03-01T12:00:00+02:00'</c>); UTC when no offset is given.</summary>
    private DateTimeOffset ParseTimestamp(HistoryArgument argument)
    {
        Token value = Expect(TokenKind.String);
        return DateTimeOffset.TryParseExact(
            value.Value.Trim(), TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset timestamp)
            ? timestamp
            : throw Fail(SqlErrors.UnsupportedValue(value.Value, argument.ToSql(), "not a timestamp such as '2025-03-01 12:00:00' or '2025-03-01T12:00:00+02:00'"));
    }
}
