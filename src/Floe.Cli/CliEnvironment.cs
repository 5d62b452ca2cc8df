namespace Floe.Cli;

/// <summary>
/// What a client command reads from the world besides its arguments: environment variables, the home
/// directory, standard input and the HTTP stack. Tests and the end-to-end suite build their own instead
/// of touching the process's; <see cref="FromProcess"/> is the real one.
/// </summary>
internal sealed record CliEnvironment
{
    /// <summary>Environment variables by name (case-sensitive, as on Linux).</summary>
    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    /// <summary>The user's home directory, where <c>.floe/config.toml</c> lives by default.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>Standard input, read as the SQL text when neither <c>-q</c> nor <c>-f</c> is given.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>False when standard input is a terminal: then there is no SQL to read from it.</summary>
    public bool IsInputRedirected { get; init; }

    /// <summary>
    /// Asks for a secret on the terminal without echoing it (the prompt goes to standard error); null when
    /// there is no terminal to ask on. Used only when standard input is not redirected.
    /// </summary>
    public Func<string, string?>? ReadSecret { get; init; }

    /// <summary>Builds the handler under each <see cref="Client.FloeApiClient"/>; null means <see cref="Client.LocalhostConnector"/>.</summary>
    public Func<HttpMessageHandler>? CreateHttpHandler { get; init; }

    /// <summary>
    /// Opens a URL in the person's browser and says whether one opened (<c>authenticator = "externalbrowser"</c>);
    /// null opens nothing, and the printed URL is all there is.
    /// </summary>
    public Func<Uri, bool>? OpenBrowser { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        Variables = ReadProcessVariables(),
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Input = Console.In,
        IsInputRedirected = Console.IsInputRedirected,
        ReadSecret = TerminalSecret.Read,
        OpenBrowser = url => Client.ExternalBrowser.BrowserLauncher.TryOpen(url, Environment.GetEnvironmentVariable),
    };

    public string? GetVariable(string name) =>
        Variables.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;

    private static Dictionary<string, string> ReadProcessVariables()
    {
        Dictionary<string, string> variables = new(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }
        return variables;
    }
}
