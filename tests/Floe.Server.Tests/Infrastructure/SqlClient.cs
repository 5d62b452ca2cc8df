using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>Logs in and runs SQL over the HTTP API, as <c>floe sql</c> does.</summary>
public static class SqlClient
{
    public static async Task<HttpResponseMessage> RequestTokenAsync(this HttpClient client, string user, string password, string? scope = null, string? host = null)
    {
        Dictionary<string, string> form = new() { ["grant_type"] = "password", ["username"] = user, ["password"] = password };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using HttpRequestMessage request = new(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await client.SendAsync(request);
    }

    /// <summary>A session token for the user; the login must succeed.</summary>
    public static async Task<string> LoginAsync(this HttpClient client, string user, string password, string? host = null)
    {
        HttpResponseMessage response = await client.RequestTokenAsync(user, password, host: host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    public static async Task<HttpResponseMessage> SqlAsync(this HttpClient client, string? token, string statement, object? context = null, string? host = null)
    {
        Dictionary<string, object?> body = new() { ["statement"] = statement };
        if (context is not null)
        {
            foreach (var property in context.GetType().GetProperties())
            {
                body[property.Name.ToLowerInvariant()] = property.GetValue(context);
            }
        }

        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements") { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await client.SendAsync(request);
    }

    /// <summary>Runs SQL that must succeed and returns the body.</summary>
    public static async Task<JsonElement> SqlOkAsync(this HttpClient client, string token, string statement, string? host = null)
    {
        HttpResponseMessage response = await client.SqlAsync(token, statement, host: host);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{statement} → {(int)response.StatusCode} {text}");
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The rows of a single-statement body as arrays of strings (nulls kept).</summary>
    public static string?[][] Rows(this JsonElement body) =>
        [.. body.GetProperty("data").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToArray())];

    public static string[] ColumnNames(this JsonElement body) =>
        [.. body.GetProperty("resultSetMetaData").GetProperty("rowType").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
}
