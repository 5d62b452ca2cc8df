using System.CommandLine;
using System.CommandLine.Parsing;

namespace Floe.Cli;

/// <summary>
/// "Did you mean" for a command line that does not parse: each unknown word is compared with the
/// subcommands (a word) or the options (a word starting with <c>-</c>) of the command it was given to,
/// and the closest one is named when it is close enough — a few typing mistakes, or the start of a name.
/// </summary>
internal static class Suggestions
{
    public static IEnumerable<string> For(ParseResult result)
    {
        Command command = result.CommandResult.Command;
        foreach (string token in result.UnmatchedTokens.Distinct(StringComparer.Ordinal))
        {
            string word = token.Split('=', 2)[0];
            IEnumerable<string> candidates = word.StartsWith('-') ? OptionNames(command) : SubcommandNames(command);
            if (Closest(word, candidates) is { } closest)
            {
                yield return $"'{word}' is not a {(word.StartsWith('-') ? "known option" : "known command")} of '{command.Name}'. Did you mean '{closest}'?";
            }
        }
    }

    /// <summary>The candidate nearest to <paramref name="word"/>, or null when none is near.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = candidate.StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.TrimStart('-').Length >= 2
                ? 0
                : Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return bestDistance <= Math.Max(2, word.TrimStart('-').Length / 3) ? best : null;
    }

    private static IEnumerable<string> SubcommandNames(Command command) =>
        command.Subcommands.Where(subcommand => !subcommand.Hidden).Select(subcommand => subcommand.Name);

    private static IEnumerable<string> OptionNames(Command command) =>
        command.Options.Where(option => !option.Hidden && option.Name.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal));

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
