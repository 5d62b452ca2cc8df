namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe connection add</c>'s password when it is not on the command line, where it would stay in the
/// shell's history: a connection with a <c>user</c> and no <c>password</c>, <c>token</c> or
/// <c>private_key_file</c> asks for it. On a terminal the password is typed without echo; with standard
/// input redirected, its first line is the password (<c>docker login --password-stdin</c>'s habit). An
/// empty answer or empty input leaves the connection without one, with a note.
/// </summary>
internal static class SecretPrompt
{
    public const string PasswordKey = "password";
    private const string UserKey = "user";

    private static readonly string[] Credentials = [PasswordKey, "token", "private_key_file"];

    /// <summary>Adds the password to <paramref name="values"/> when one is needed and given; false when the user gave up at the prompt.</summary>
    public static bool TryComplete(List<KeyValuePair<string, string>> values, CliEnvironment environment, TextWriter error)
    {
        if (!values.Any(pair => pair.Key == UserKey) || values.Any(pair => Credentials.Contains(pair.Key)))
        {
            return true;
        }
        string? password = null;
        if (environment.IsInputRedirected)
        {
            password = environment.Input.ReadLine();
        }
        else if (environment.ReadSecret is { } ask)
        {
            password = ask("Password: ");
            if (password is null)
            {
                error.WriteLine("no password entered: the connection was not added");
                return false;
            }
        }
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("note: the connection has no password; give one with FLOE_PASSWORD or --password when you use it.");
            return true;
        }
        values.Insert(values.FindIndex(pair => pair.Key == UserKey) + 1, KeyValuePair.Create(PasswordKey, password));
        return true;
    }
}
