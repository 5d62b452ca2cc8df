using System.Globalization;
using Floe.Core.Naming;

namespace Floe.Server.WebConsole;

/// <summary>
/// Addresses of the console's pages. Names travel in the query string, escaped, so any name a client
/// chose (quotes, slashes, <c>javascript:</c>) stays data: every link starts with the console's own path.
/// </summary>
internal static class ConsoleLinks
{
    public static string Schemas(string database) => $"{ConsoleEndpoints.Root}/schemas?db={E(database)}";

    public static string Repositories(string database, string schema) => $"{ConsoleEndpoints.Root}/repositories?db={E(database)}&schema={E(schema)}";

    public static string Repository(RepositoryKey key, string? image = null, int page = 1) =>
        $"{ConsoleEndpoints.Root}/repository?{KeyQuery(key)}"
        + (image is null ? string.Empty : "&image=" + E(image))
        + (page == 1 ? string.Empty : "&page=" + page.ToString(CultureInfo.InvariantCulture));

    public static string Manifest(RepositoryKey key, string image, string digest) =>
        $"{ConsoleEndpoints.Root}/manifest?{KeyQuery(key)}&image={E(image)}&digest={E(digest)}";

    public static string Admin(string view, string? role = null) =>
        $"{ConsoleEndpoints.Root}/admin?view={E(view)}" + (role is null ? string.Empty : "&role=" + E(role));

    private static string KeyQuery(RepositoryKey key) => $"db={E(key.Database)}&schema={E(key.Schema)}&repo={E(key.Repository)}";

    private static string E(string value) => Uri.EscapeDataString(value);
}

/// <summary>How the console writes sizes and times.</summary>
internal static class ConsoleFormat
{
    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A digest shortened for a table cell (the full digest is in the title and the manifest page).</summary>
    public static string ShortDigest(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest;
}
