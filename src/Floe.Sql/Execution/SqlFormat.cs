using System.Globalization;
using System.Text;

namespace Floe.Sql.Execution;

/// <summary>How values appear in result sets, and Snowflake's <c>LIKE</c> patterns of <c>SHOW</c>.</summary>
public static class SqlFormat
{
    /// <summary>ISO 8601 with milliseconds and offset: <c>2026-11-26T16:02:27.123+00:00</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string Boolean(bool value) => value ? "true" : "false";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="text"/> matches a <c>SHOW … LIKE</c> pattern: case-insensitive, <c>%</c> any
    /// run, <c>_</c> one character, <c>\</c> escapes the next character. A null pattern matches everything.
    /// </summary>
    public static bool Like(string text, string? pattern)
    {
        if (pattern is null)
        {
            return true;
        }

        StringBuilder regex = new("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            regex.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                '\\' when i + 1 < pattern.Length => System.Text.RegularExpressions.Regex.Escape(pattern[++i].ToString()),
                _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
            });
        }

        regex.Append('$');
        return System.Text.RegularExpressions.Regex.IsMatch(
            text, regex.ToString(), System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }
}
