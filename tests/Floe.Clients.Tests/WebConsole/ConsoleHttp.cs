using System.Net;
using System.Text.RegularExpressions;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// The console spoken to with plain HTTP requests, as a script (or an attacker's page) would: keeps its
/// cookies, reads the anti-forgery token out of a page's form when asked to.
/// </summary>
public sealed partial class ConsoleHttp : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="handler">The handler to send with (one that trusts a test CA, for HTTPS); a plain one by default.</param>
    public ConsoleHttp(string baseUrl, SocketsHttpHandler? handler = null)
    {
        Cookies = new CookieContainer();
        handler ??= new SocketsHttpHandler();
        handler.CookieContainer = Cookies;
        handler.AllowAutoRedirect = false;
        _client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public async Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> form)
    {
        using FormUrlEncodedContent content = new(form);
        return await _client.PostAsync(path, content);
    }

    /// <summary>The anti-forgery token of the form on the page at <paramref name="path"/> (its cookie is kept).</summary>
    public async Task<string> TokenAsync(string path)
    {
        string page = await _client.GetStringAsync(path);
        return TokenField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"no anti-forgery field on {path}");
    }

    /// <summary>Signs in through the sign-in form; the response to the form's POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string password)
    {
        string token = await TokenAsync("/console/signin");
        return await PostAsync("/console/signin", new Dictionary<string, string> { ["csrf"] = token, ["user"] = user, ["password"] = password });
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]*)\"")]
    private static partial Regex TokenField();
}
