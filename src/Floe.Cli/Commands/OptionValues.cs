using System.CommandLine;
using System.CommandLine.Parsing;

namespace Floe.Cli.Commands;

/// <summary>Option values as the Snowflake CLI takes them: from a fixed list, in any case (<c>--format=JSON</c>).</summary>
internal static class OptionValues
{
    /// <summary>
    /// Like <c>AcceptOnlyFromAmong</c>, but case-insensitive: the value reaches the command in lower case, so
    /// <c>--format JSON</c>, <c>--format=json</c> and <c>--format Json</c> are one choice. Help shows
    /// <c>&lt;table|json&gt;</c> in the order given.
    /// </summary>
    public static Option<string> AcceptOnlyFromAmongIgnoringCase(this Option<string> option, params string[] values)
    {
        option.HelpName = string.Join('|', values);
        option.CustomParser = result => Parse(result, values);
        option.CompletionSources.Add(values);
        return option;
    }

    private static string? Parse(ArgumentResult result, string[] values)
    {
        if (result.Tokens.Count == 0)
        {
            return values[0];
        }
        string token = result.Tokens[^1].Value;
        string? match = values.FirstOrDefault(value => value.Equals(token, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            result.AddError($"Argument '{token}' not recognized. Must be one of: {string.Join(", ", values.Select(value => $"'{value}'"))}.");
        }
        return match;
    }
}
