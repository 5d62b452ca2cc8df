using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>Asks for registry tokens as Docker clients do (the Docker token flow).</summary>
public static class RegistryTokenClient
{
    /// <summary><c>GET &lt;path&gt;?service=&amp;scope=…</c> with Basic credentials.</summary>
    public static async Task<HttpResponseMessage> GetRegistryTokenAsync(
        this HttpClient client, string user, string secret, string[] scopes, string path = "/oauth/token", string host = RegistryHost.AccountHost)
    {
        string query = "?service=" + Uri.EscapeDataString(host) + string.Concat(scopes.Select(s => "&scope=" + Uri.EscapeDataString(s)));
        using HttpRequestMessage request = new(HttpMethod.Get, path + query);
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + secret)));
        return await client.SendAsync(request);
    }

    /// <summary><c>POST /oauth/token</c> with the OAuth2 form of the registry-token flow.</summary>
    public static async Task<HttpResponseMessage> PostRegistryTokenAsync(this HttpClient client, Dictionary<string, string> form, string host = RegistryHost.AccountHost)
    {
        form.TryAdd("service", host);
        using HttpRequestMessage request = new(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    /// <summary>The JSON body of a successful token answer.</summary>
    public static async Task<JsonElement> TokenBodyAsync(this HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>access</c> claim as "type:name:actions" strings.</summary>
    public static string[] Access(this JsonWebToken token)
    {
        using JsonDocument access = JsonDocument.Parse(token.GetPayloadValue<JsonElement>("access").GetRawText());
        return [.. access.RootElement.EnumerateArray().Select(e =>
            $"{e.GetProperty("type").GetString()}:{e.GetProperty("name").GetString()}:{string.Join(',', e.GetProperty("actions").EnumerateArray().Select(a => a.GetString()))}")];
    }
}
