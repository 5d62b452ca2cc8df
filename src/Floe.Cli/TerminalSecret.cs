using System.Text;

namespace Floe.Cli;

/// <summary>Reads a secret typed on the terminal, echoing nothing, like <c>getpass</c>.</summary>
internal static class TerminalSecret
{
    /// <summary>Prints <paramref name="prompt"/> on standard error and reads up to Enter; null on Ctrl+D or Ctrl+C.</summary>
    public static string? Read(string prompt)
    {
        Console.Error.Write(prompt);
        StringBuilder secret = new();
        try
        {
            while (true)
            {
                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    return secret.ToString();
                }
                if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.D or ConsoleKey.C)
                {
                    return null;
                }
                if (key.Key == ConsoleKey.Backspace)
                {
                    secret.Length = Math.Max(0, secret.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    secret.Append(key.KeyChar);
                }
            }
        }
        finally
        {
            Console.Error.WriteLine();
        }
    }
}
