using System.Text.Json.Nodes;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// One real <c>floe serve</c> (on its account host), one headless Chromium, and the content the console
/// tests look at: database <c>SHOP</c>, schema <c>APPS</c>, repository <c>WEB</c> with image <c>app</c>
/// (a two-platform index tagged <c>v1</c>, signed by a referrer, and an image whose annotations and labels
/// carry script) and repository <c>SECRET</c> that user <c>VIEWER</c> (READ on <c>WEB</c> only) may not see.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ViewerPassword = "viewer-Pa55word";
    public const string HostileScript = "<script>alert('annotation')</script>";
    public const string HostileUrl = "javascript:alert('url')";
    public const string HostileLabel = "<img src=x onerror=alert('label')>";

    private readonly AccountRegistry _registry = new();

    public ConsoleBrowser Browser { get; private set; } = null!;

    public FloeProcess Floe => _registry.Floe;

    /// <summary><c>http://local-dev.registry.localhost:port</c>: the account host, where the console is.</summary>
    public string BaseUrl => "http://" + _registry.Host;

    public string Host => _registry.Host;

    public string IndexDigest { get; private set; } = string.Empty;

    public string ReferrerDigest { get; private set; } = string.Empty;

    public string HostileDigest { get; private set; } = string.Empty;

    public string SecretDigest { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await _registry.InitializeAsync();
        await Floe.SqlAsync(
            "CREATE DATABASE shop; CREATE SCHEMA shop.apps; CREATE IMAGE REPOSITORY shop.apps.web; CREATE IMAGE REPOSITORY shop.apps.secret; " +
            $"CREATE USER viewer PASSWORD = '{ViewerPassword}'; CREATE ROLE viewer_role; " +
            "GRANT USAGE ON DATABASE shop TO ROLE viewer_role; GRANT USAGE ON SCHEMA shop.apps TO ROLE viewer_role; " +
            "GRANT READ ON IMAGE REPOSITORY shop.apps.web TO ROLE viewer_role; GRANT ROLE viewer_role TO USER viewer; " +
            "ALTER USER viewer SET DEFAULT_ROLE = viewer_role");

        ImagePusher web = new(Floe, "shop/apps/web", "app");
        (IndexDigest, long indexSize) = await web.PushIndexAsync("v1", new JsonObject { ["org.opencontainers.image.version"] = "1.0" }, "amd64", "arm64");
        ReferrerDigest = await web.PushReferrerAsync(IndexDigest, indexSize, ImagePusher.IndexMediaType);
        (HostileDigest, _) = await web.PushImageAsync(
            "amd64", "hostile",
            labels: new JsonObject { ["description"] = HostileLabel },
            annotations: new JsonObject
            {
                ["org.opencontainers.image.description"] = HostileScript,
                ["org.opencontainers.image.url"] = HostileUrl,
            });
        (SecretDigest, _) = await new ImagePusher(Floe, "shop/apps/secret", "hidden").PushImageAsync("amd64", "classified");
        Browser = new ConsoleBrowser();
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        await _registry.DisposeAsync();
    }
}
