using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.WebConsole;

/// <summary>
/// The console's stylesheet and script, embedded in the server so the console works with nothing
/// fetched from anywhere else; served with their type and a day's caching.
/// </summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Body, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["console.css"] = (Read("console.css"), "text/css; charset=utf-8"),
        ["console.js"] = (Read("console.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out (byte[] Body, string ContentType) asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Bytes(asset.Body, asset.ContentType);
    }

    private static byte[] Read(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Floe.Console." + name)
            ?? throw new InvalidOperationException($"the console asset {name} is not embedded");
        using MemoryStream buffer = new();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
