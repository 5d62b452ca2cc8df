using System.Net;
using System.Net.Sockets;
using Floe.Cli.Client.ExternalBrowser;

namespace Floe.Cli.Tests.Client.ExternalBrowser;

public sealed class LoopbackRedirectListenerTests
{
    [Fact]
    public void Start_WithoutARedirectUri_ListensOnAFreePortOf127001()
    {
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(configured: null);

        Assert.Equal("127.0.0.1", listener.RedirectUri.Host);
        Assert.NotEqual(0, listener.RedirectUri.Port);
        Assert.Equal("/", listener.RedirectUri.AbsolutePath);
    }

    [Fact]
    public void Start_RedirectUriWithAPath_KeepsThePathOnTheFreePort()
    {
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(new Uri("http://127.0.0.1/floe/callback"));

        Assert.Equal("/floe/callback", listener.RedirectUri.AbsolutePath);
        Assert.NotEqual(80, listener.RedirectUri.Port);
    }

    [Fact]
    public async Task WaitAsync_OtherPathsAndAWrongState_IgnoredUntilTheRedirectWithOurState()
    {
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(configured: null);
        List<string> notes = [];
        Task<AuthorizationResponse> waiting = listener.WaitAsync("our-state", notes.Add, CancellationToken.None);
        using HttpClient browser = new();
        Uri redirect = listener.RedirectUri;

        HttpResponseMessage favicon = await browser.GetAsync(new Uri(redirect, "/favicon.ico"));
        HttpResponseMessage forged = await browser.GetAsync(redirect + "?code=attackers-code&state=guessed");
        HttpResponseMessage real = await browser.GetAsync(redirect + "?code=the-code&state=our-state&iss=x");
        AuthorizationResponse response = await waiting;

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.OK), (favicon.StatusCode, forged.StatusCode, real.StatusCode));
        Assert.Equal(new AuthorizationResponse("the-code", null, null), response);
        Assert.Single(notes);
    }

    [Fact]
    public async Task WaitAsync_AConnectionThatSendsNothing_IsDroppedAndTheBrowserStillGetsIn()
    {
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(configured: null, requestReadTimeout: TimeSpan.FromMilliseconds(200));
        Task<AuthorizationResponse> waiting = listener.WaitAsync("s", _ => { }, CancellationToken.None);
        using TcpClient silent = new();
        await silent.ConnectAsync(IPAddress.Loopback, listener.RedirectUri.Port);
        using HttpClient browser = new();

        HttpResponseMessage real = await browser.GetAsync(listener.RedirectUri + "?code=c&state=s");

        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal("c", (await waiting).Code);
    }

    [Fact]
    public async Task WaitAsync_ProviderSendsAnError_ReturnsItWithoutACode()
    {
        using LoopbackRedirectListener listener = LoopbackRedirectListener.Start(configured: null);
        Task<AuthorizationResponse> waiting = listener.WaitAsync("s", _ => { }, CancellationToken.None);
        using HttpClient browser = new();

        await browser.GetAsync(listener.RedirectUri + "?error=access_denied&error_description=user%20said%20no&state=s");

        Assert.Equal(new AuthorizationResponse(null, "access_denied", "user said no"), await waiting);
    }

    [Theory]
    [InlineData("http://127.0.0.1/", true)]
    [InlineData("http://127.0.0.1:8400/cb", true)]
    [InlineData("http://localhost:8400/", false)]
    [InlineData("https://127.0.0.1/", false)]
    [InlineData("http://example.com/", false)]
    [InlineData("http://127.0.0.1/?x=1", false)]
    public void IsLoopback_OnlyPlainHttpTo127001(string uri, bool expected)
    {
        Assert.Equal(expected, LoopbackRedirectListener.IsLoopback(new Uri(uri)));
    }
}
