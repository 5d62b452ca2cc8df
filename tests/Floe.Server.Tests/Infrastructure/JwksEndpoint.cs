using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>
/// A key set served over real HTTP on a loopback port, the way an identity provider publishes its signing
/// keys — not an identity provider: the tests sign their own tokens with <see cref="SigningKey"/>. Besides
/// <c>/jwks</c> it serves the failures Floe must survive (<c>/slow</c>, <c>/huge</c>, <c>/garbage</c>) and
/// <c>/elsewhere</c>, a key set a token header points to, which must never be fetched. Each path's fetches
/// are counted.
/// </summary>
public sealed class JwksEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);
    private readonly List<RSA> _published = [];

    private JwksEndpoint(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string KeysUrl => BaseUrl + "/jwks";

    /// <summary>The key the provider signs with, published at <c>/jwks</c> as <c>k1</c>.</summary>
    public RSA SigningKey { get; } = RSA.Create(2048);

    /// <summary>A key nobody published: the attacker's.</summary>
    public RSA AttackerKey { get; } = RSA.Create(2048);

    public int Fetches(string path) => _fetches.GetValueOrDefault(path);

    /// <summary>Completes when a fetch of <c>/hang</c> has arrived; that fetch gets no answer until the client gives up.</summary>
    public Task HangReached => _hangReached.Task;

    private readonly TaskCompletionSource _hangReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<JwksEndpoint> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        JwksEndpoint? endpoint = null;
        app.Use(async (context, next) =>
        {
            endpoint!._fetches.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
            await next(context);
        });
        app.MapGet("/jwks", () => Results.Text(endpoint!.KeySetJson(), "application/json"));
        app.MapGet("/elsewhere", () => Results.Text(KeySet(("k1", endpoint!.AttackerKey)), "application/json"));
        app.MapGet("/garbage", () => Results.Text("<html>not a key set</html>", "application/json"));
        app.MapGet("/huge", () => Results.Text("{\"keys\":[" + new string(' ', 2 * 1024 * 1024) + "]}", "application/json"));
        app.MapGet("/hang", async (HttpContext context) =>
        {
            endpoint!._hangReached.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            return Results.Empty;
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Text(endpoint!.KeySetJson(), "application/json");
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint = new JwksEndpoint(app, address.TrimEnd('/'));
        endpoint._published.Add(endpoint.SigningKey);
        return endpoint;
    }

    /// <summary>Publishes another key (<c>k2</c>, <c>k3</c>, ...): the provider rotating its keys.</summary>
    public RSA Rotate()
    {
        RSA key = RSA.Create(2048);
        lock (_published)
        {
            _published.Add(key);
        }

        return key;
    }

    public string KidOf(RSA key)
    {
        lock (_published)
        {
            return "k" + (_published.IndexOf(key) + 1);
        }
    }

    /// <summary>A JWT with <paramref name="claims"/>, signed as given; extra header fields go in <paramref name="header"/>.</summary>
    public static string Sign(Dictionary<string, object> claims, SigningCredentials? credentials, Dictionary<string, object>? header = null)
    {
        SecurityTokenDescriptor descriptor = new()
        {
            Claims = claims,
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity(),
            AdditionalHeaderClaims = header,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static SigningCredentials Rs256(RSA key, string kid) =>
        new(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    /// <summary>The public half of <paramref name="key"/> as a JWK object.</summary>
    public static Dictionary<string, object> PublicJwk(RSA key, string kid)
    {
        RSAParameters parameters = key.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    private string KeySetJson()
    {
        lock (_published)
        {
            return KeySet([.. _published.Select((key, index) => ("k" + (index + 1), key))]);
        }
    }

    private static string KeySet(params (string Kid, RSA Key)[] keys) =>
        JsonSerializer.Serialize(new { keys = keys.Select(entry => PublicJwk(entry.Key, entry.Kid)) });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_published)
        {
            foreach (RSA key in _published)
            {
                key.Dispose();
            }
        }

        AttackerKey.Dispose();
    }
}
