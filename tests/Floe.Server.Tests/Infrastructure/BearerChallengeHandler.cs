using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>
/// Follows the registry's Bearer challenge the way docker does: a request answered <c>401</c> with
/// <c>WWW-Authenticate: Bearer realm=…,service=…,scope=…</c> is retried once with a token asked from
/// the realm with Basic credentials. Requests that carry their own <c>Authorization</c> are left alone,
/// so tests of the authentication itself see the server's answers unchanged.
/// </summary>
public sealed partial class BearerChallengeHandler(string user, string password) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null || request.RequestUri?.AbsolutePath.StartsWith("/v2", StringComparison.Ordinal) != true)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        HttpResponseMessage response = await base.SendAsync(Copy(request, body), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || ParseChallenge(response) is not { } challenge)
        {
            return response;
        }

        string token = await FetchTokenAsync(request, challenge, cancellationToken);
        HttpRequestMessage retry = Copy(request, body);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(retry, cancellationToken);
    }

    private async Task<string> FetchTokenAsync(HttpRequestMessage original, (string Realm, string Service, string? Scope) challenge, CancellationToken cancellationToken)
    {
        Uri realm = new(challenge.Realm);
        string query = "?service=" + Uri.EscapeDataString(challenge.Service)
            + (challenge.Scope is null ? string.Empty : "&scope=" + Uri.EscapeDataString(challenge.Scope));
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(original.RequestUri!, realm.AbsolutePath + query));
        request.Headers.Host = original.Headers.Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        using HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token request failed: {(int)response.StatusCode} {text}");
        }

        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("token").GetString()!;
    }

    private static (string Realm, string Service, string? Scope)? ParseChallenge(HttpResponseMessage response)
    {
        AuthenticationHeaderValue? bearer = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme == "Bearer");
        if (bearer?.Parameter is null)
        {
            return null;
        }

        Dictionary<string, string> values = ChallengeParameter().Matches(bearer.Parameter)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return values.TryGetValue("realm", out string? realm) && values.TryGetValue("service", out string? service)
            ? (realm, service, values.GetValueOrDefault("scope"))
            : null;
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        HttpRequestMessage copy = new(request.Method, request.RequestUri);
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
