using Floe.Server.Tenancy;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Hosting;

/// <summary>
/// Once the server listens: the account host it serves, at the scheme and port it really listens on,
/// and how to log in to it with the Floe CLI and with docker.
/// </summary>
internal sealed partial class StartupBanner(
    AccountResolver accounts, TenancyOptions tenancy, BootstrapOptions bootstrap, ListenerOptions listener, ILogger<StartupBanner> logger)
{
    /// <summary>Logs the banner for the first address Kestrel reports (its <c>https://</c> one when TLS is on).</summary>
    public void Announce(IEnumerable<string> listening)
    {
        Uri[] addresses = [.. listening.Select(address => Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) ? uri : null).OfType<Uri>()];
        Uri? address = (listener.TlsEnabled ? addresses.FirstOrDefault(uri => uri.Scheme == Uri.UriSchemeHttps) : null) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return;
        }

        string port = listener.PublicPort is not null ? listener.PublicPortSuffix
            : address.IsDefaultPort ? string.Empty : ":" + address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string host = accounts.HostOf(bootstrap.BootstrapAccount) + port;
        string url = $"{address.Scheme}://{host}";
        string account = $"{tenancy.Organization}.{bootstrap.BootstrapAccount}";
        string direct = $"{address.Scheme}://{address.Authority}";
        string alsoDefault = string.IsNullOrEmpty(tenancy.DefaultAccount) ? string.Empty : $" (also {direct} for the default account {tenancy.DefaultAccount})";
        LogServing(logger, account, url, alsoDefault);
        LogLoginHint(logger, url, bootstrap.AdminUser, host, bootstrap.AdminUser);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Floe is serving account {Account} at {Url}{AlsoDefault}")]
    private static partial void LogServing(ILogger logger, string account, string url, string alsoDefault);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information,
        Message = "Log in: floe connection add -n dev --host {Url} --user {User}   or   docker login {Host} -u {DockerUser}")]
    private static partial void LogLoginHint(ILogger logger, string url, string user, string host, string dockerUser);
}
