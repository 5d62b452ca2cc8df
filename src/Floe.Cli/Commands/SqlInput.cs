namespace Floe.Cli.Commands;

/// <summary>
/// Where <c>floe sql</c> takes its SQL from: <c>-q</c>, else <c>-f</c>, else redirected standard input.
/// Every failure here is bad usage (exit code 2).
/// </summary>
internal static class SqlInput
{
    public const string Usage =
        "Usage: floe sql -q \"<sql>\" | -f <file.sql> | < <file.sql>  [--format table|json|csv] [connection options]\n" +
        "Run 'floe sql --help' for all options.";

    public static bool TryRead(string? query, string? fileName, CliEnvironment environment, out string sql, out string error)
    {
        sql = "";
        if (query is not null && fileName is not null)
        {
            error = "give either -q/--query or -f/--filename, not both";
            return false;
        }
        bool read = query is not null ? TryTake(query, out sql, out error)
            : fileName is not null ? TryReadFile(fileName, out sql, out error)
            : TryReadInput(environment, out sql, out error);
        if (read && string.IsNullOrWhiteSpace(sql))
        {
            error = "no SQL to run: the statement text is empty";
            return false;
        }
        return read;
    }

    private static bool TryTake(string query, out string sql, out string error)
    {
        sql = query;
        error = "";
        return true;
    }

    private static bool TryReadFile(string fileName, out string sql, out string error)
    {
        sql = "";
        if (!File.Exists(fileName))
        {
            error = $"file not found: {fileName}";
            return false;
        }
        try
        {
            sql = File.ReadAllText(fileName);
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {fileName}: {e.Message}";
            return false;
        }
    }

    private static bool TryReadInput(CliEnvironment environment, out string sql, out string error)
    {
        if (!environment.IsInputRedirected)
        {
            sql = "";
            error = Usage;
            return false;
        }
        sql = environment.Input.ReadToEnd();
        error = "";
        return true;
    }
}
