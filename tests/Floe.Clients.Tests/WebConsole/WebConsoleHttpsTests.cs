using System.Net;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>The console served over HTTPS by the real <c>floe serve</c>: its cookies are marked <c>Secure</c>.</summary>
public sealed class WebConsoleHttpsTests
{
    [Fact]
    public async Task SignIn_OverHttps_SessionAndAntiForgeryCookiesAreSecure()
    {
        using TestCertificates certificates = TestCertificates.Create();
        await using FloeProcess floe = await FloeProcess.StartAsync(certificates);
        using ConsoleHttp http = new(floe.BaseAddress.ToString().TrimEnd('/'), certificates.CreateHandler());

        HttpResponseMessage signInPage = await http.GetAsync("/console/signin");
        HttpResponseMessage signedIn = await http.SignInAsync("ADMIN", FloeProcess.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        string csrf = signInPage.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("floe_console_csrf=", StringComparison.Ordinal));
        string session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("floe_console_session=", StringComparison.Ordinal));
        Assert.Contains("secure", csrf.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("secure", session.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("httponly", session.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console/")).StatusCode);
    }
}
