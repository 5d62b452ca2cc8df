namespace Floe.Cli.Connections;

/// <summary>
/// Turns the <c>host</c> setting into the base URL of the account's API.
/// <list type="bullet">
/// <item>A full URL (<c>http://…</c> or <c>https://…</c>) is used as given; a path is kept as a prefix.</item>
/// <item><c>host[:port]</c> gets <c>http://</c> when the host is local — <c>localhost</c>, <c>*.localhost</c>,
/// <c>127.0.0.1</c> or <c>[::1]</c>, which is how a development <c>floe serve</c> is reached — and
/// <c>https://</c> otherwise.</item>
/// </list>
/// The base URL always ends with <c>/</c>, so endpoint paths resolve below it.
/// </summary>
internal static class HostAddress
{
    public static bool TryParse(string host, out Uri baseAddress, out string error)
    {
        baseAddress = null!;
        string trimmed = host.Trim();
        if (trimmed.Length == 0)
        {
            error = "the host is empty";
            return false;
        }
        return trimmed.Contains("://", StringComparison.Ordinal)
            ? TryParseUrl(trimmed, out baseAddress, out error)
            : TryParseHostAndPort(trimmed, out baseAddress, out error);
    }

    public static bool IsLocal(string hostName) =>
        hostName.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || hostName.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || hostName == "127.0.0.1"
        || hostName == "[::1]";

    private static bool TryParseUrl(string url, out Uri baseAddress, out string error)
    {
        baseAddress = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            error = $"'{url}' is not an http:// or https:// URL";
            return false;
        }
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"'{url}' must not carry credentials, a query or a fragment";
            return false;
        }
        string path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        baseAddress = new UriBuilder(uri) { Path = path }.Uri;
        error = "";
        return true;
    }

    private static bool TryParseHostAndPort(string hostAndPort, out Uri baseAddress, out string error)
    {
        baseAddress = null!;
        if (hostAndPort.IndexOfAny(['/', '?', '#', '@', ' ']) >= 0
            || !Uri.TryCreate("http://" + hostAndPort + "/", UriKind.Absolute, out Uri? probe)
            || probe.Host.Length == 0)
        {
            error = $"'{hostAndPort}' is not a host[:port] or an http(s):// URL";
            return false;
        }
        string scheme = IsLocal(probe.Host) ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        // An explicit port is kept even when it is the other scheme's default (example.com:80 stays on 80).
        bool explicitPort = hostAndPort.LastIndexOf(':') > hostAndPort.LastIndexOf(']');
        int port = explicitPort ? probe.Port : -1;
        baseAddress = new UriBuilder(scheme, probe.Host, port, "/").Uri;
        error = "";
        return true;
    }
}
