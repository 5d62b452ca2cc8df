using Floe.Cli.Client;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe connection add</c>'s secret when it is not on the command line, where it would stay in the
/// shell's history: the password of a connection with a <c>user</c> and no <c>password</c>, <c>token</c>
/// or <c>private_key_file</c>; the passphrase of a <c>private_key_file</c> that is an encrypted key. On a
/// terminal the secret is typed without echo; with standard input redirected, its first line is the
/// secret (<c>docker login --password-stdin</c>'s habit). An empty answer or empty input leaves the
/// connection without it, with a note.
/// </summary>
internal static class SecretPrompt
{
    private const string UserKey = "user";
    private const string PasswordKey = "password";
    private const string PrivateKeyFileKey = "private_key_file";
    private const string PassphraseKey = "private_key_passphrase";

    /// <summary>Adds the secret to <paramref name="values"/> when one is needed and given; false when the user gave up at the prompt.</summary>
    public static bool TryComplete(List<KeyValuePair<string, string>> values, CliEnvironment environment, TextWriter error)
    {
        if (Needed(values) is not { } secret)
        {
            return true;
        }
        string? answer = null;
        if (environment.IsInputRedirected)
        {
            answer = environment.Input.ReadLine();
        }
        else if (environment.ReadSecret is { } ask)
        {
            answer = ask(secret.Prompt);
            if (answer is null)
            {
                error.WriteLine($"no {secret.Name} entered: the connection was not added");
                return false;
            }
        }
        if (string.IsNullOrEmpty(answer))
        {
            error.WriteLine($"note: the connection has no {secret.Name}; give one with {secret.Elsewhere} when you use it.");
            return true;
        }
        values.Insert(values.FindIndex(pair => pair.Key == secret.AfterKey) + 1, KeyValuePair.Create(secret.Key, answer));
        return true;
    }

    private static Secret? Needed(List<KeyValuePair<string, string>> values)
    {
        string? Value(string key) => values.FirstOrDefault(pair => pair.Key == key).Value;
        if (Value(PrivateKeyFileKey) is { } keyFile)
        {
            return KeyPairJwt.IsEncryptedKeyFile(keyFile)
                ? new Secret(PassphraseKey, PrivateKeyFileKey, "Private key passphrase: ", "private key passphrase", "FLOE_PRIVATE_KEY_PASSPHRASE")
                : null;
        }
        return Value(UserKey) is not null && Value(PasswordKey) is null && Value("token") is null
            ? new Secret(PasswordKey, UserKey, "Password: ", "password", "FLOE_PASSWORD or --password")
            : null;
    }

    /// <summary>A secret to ask for: its config key, the key it follows in the file, the prompt, and how to name it.</summary>
    private sealed record Secret(string Key, string AfterKey, string Prompt, string Name, string Elsewhere);
}
