using System.Net;
using Floe.Cli.Connections;

namespace Floe.Cli.Client;

/// <summary>
/// The account identifier (<c>ORG-ACCOUNT</c>, upper case) that a key-pair JWT names: the <c>account</c>
/// setting, else the first label of an account host (<c>myorg-myaccount.registry.example.com</c> →
/// <c>MYORG-MYACCOUNT</c>). A host is an account host when it is a DNS name with at least three labels
/// whose first label holds a <c>-</c>; <c>localhost</c> and IP addresses are not, so they need <c>account</c>.
/// Account hosts write <c>_</c> as <c>-</c>, so a name with <c>_</c> needs <c>account</c> too.
/// </summary>
internal static class KeyPairAccount
{
    public static bool TryResolve(ConnectionSettings settings, out string account, out string error)
    {
        if (settings.Account is { } configured)
        {
            account = configured.Trim().ToUpperInvariant();
            error = account.Length > 0 && account.Contains('-', StringComparison.Ordinal)
                ? ""
                : $"invalid account '{configured}': expected <org>-<account>, like myorg-myaccount";
            return error.Length == 0;
        }
        if (settings.Host is { } host && TryFromHost(host, out account))
        {
            error = "";
            return true;
        }
        account = "";
        error = "key-pair authentication needs the account: set 'account' (like myorg-myaccount), " +
            $"{EnvironmentVariables.Account} or --account, or use the account host (<org>-<account>.<domain>) as 'host'";
        return false;
    }

    public static bool TryFromHost(string host, out string account)
    {
        account = "";
        if (!HostAddress.TryParse(host, out Uri baseAddress, out _))
        {
            return false;
        }
        string name = baseAddress.Host;
        if (IPAddress.TryParse(name.Trim('[', ']'), out _))
        {
            return false;
        }
        string[] labels = name.Split('.');
        if (labels.Length < 3 || !labels[0].Contains('-', StringComparison.Ordinal))
        {
            return false;
        }
        account = labels[0].ToUpperInvariant();
        return true;
    }
}
