using System.Text.RegularExpressions;

namespace Floe.Sql.Execution;

/// <summary>
/// Masks the secrets in SQL text before it is kept anywhere (query history): the string after
/// <c>PASSWORD</c> or <c>ADMIN_PASSWORD</c> (with or without <c>=</c>) becomes <c>'****'</c>, also in
/// text that does not parse (an unterminated string is masked to the end). An error message that
/// repeats a masked secret has it masked too. Over-masking is preferred to a leak.
/// </summary>
public static partial class SecretMask
{
    public const string Masked = "'****'";

    /// <summary><paramref name="sql"/> with its secrets masked, and the secrets found (to mask them wherever else they appear).</summary>
    public static string Apply(string sql, out IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(sql);
        List<string> found = [];
        string masked = SecretPattern().Replace(sql, match =>
        {
            string literal = match.Groups["value"].Value;
            string content = literal.Trim('\'');
            if (content.Length > 0)
            {
                found.Add(content);
            }

            return match.Groups["key"].Value + Masked;
        });
        secrets = found;
        return masked;
    }

    /// <summary><paramref name="text"/> (an error message) with every one of <paramref name="secrets"/> masked.</summary>
    public static string? Apply(string? text, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (text is null)
        {
            return null;
        }

        foreach (string secret in secrets)
        {
            text = text.Replace(secret, "****", StringComparison.Ordinal);
        }

        return text;
    }

    // The value is a string (quotes doubled or backslash-escaped inside; an unterminated one runs to
    // the end) or, after '=', a bare word (a syntax error, but still a secret). PASSWORD inside a
    // string or a name ('PASSWORD' in AUTHENTICATION_METHODS) is not a property.
    [GeneratedRegex(
        @"(?<![\w'""])(?<key>(?:ADMIN_)?PASSWORD\s*(?:=\s*)?)(?<value>'(?:[^'\\]|\\.|''|\\(?=\z))*(?:'|\z)|(?<==\s*)[^\s;,()']+)",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
