using System.Net;
using Floe.Clients.Tests.Infrastructure;
using OpenQA.Selenium;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's headless Chromium through chromedriver) against the real
/// <c>floe serve</c>: sign-in and sign-out, browsing to a multi-arch image and its referrer, the copy
/// buttons, the worksheet and role switcher, the administration pages, what a less-privileged user cannot
/// see (in the browser and with plain requests), hostile annotations shown as text, anti-forgery and
/// the security headers. Each main page is saved as a screenshot under the test output's
/// <c>console-screenshots</c> folder.
/// </summary>
public sealed partial class WebConsoleTests : IClassFixture<ConsoleFixture>
{
    private const string Admin = "ADMIN";

    private readonly ConsoleFixture _fixture;

    public WebConsoleTests(ConsoleFixture fixture)
    {
        _fixture = fixture;
    }

    private ConsoleBrowser Browser => _fixture.Browser;

    private string Url(string path) => _fixture.BaseUrl + path;

    [Fact]
    public void Browse_SignedInAdmin_ReachesMultiArchImageWithPlatformsLayersConfigAndReferrer()
    {
        Browser.SignIn(_fixture.BaseUrl, Admin, FloeProcess.AdminPassword);
        Assert.Equal(Admin, Browser.Find("#signed-in-user").Text);
        Browser.Screenshot("databases");

        Browser.ClickAndWait(Browser.Find("#databases a[href*='db=SHOP']"));
        Browser.Screenshot("schemas");
        Browser.ClickAndWait(Browser.Find("#schemas a[href*='schema=APPS']"));
        Assert.Contains("local-dev.registry.localhost", Browser.Find("#repositories").Text, StringComparison.Ordinal);
        Browser.Screenshot("repositories");
        Browser.ClickAndWait(Browser.Find("#repositories a[href*='repo=WEB']"));

        Assert.Equal($"{_fixture.Host}/shop/apps/web", Browser.Find("#repository-url").Text);
        Assert.Contains("app", Browser.FindAll("#images a").Select(a => a.Text));
        string[] tags = [.. Browser.FindAll("#tags tbody tr td:first-child").Select(cell => cell.Text)];
        Assert.Equal("hostile", tags[0]); // newest first
        Assert.Contains("v1", tags);
        Browser.Screenshot("repository");

        Browser.ClickAndWait(Browser.Driver.FindElement(By.LinkText("v1")));
        Assert.Equal(_fixture.IndexDigest, Browser.Find("#manifest-digest").Text);
        string platforms = Browser.Find("#platforms").Text;
        Assert.Contains("linux/amd64", platforms, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", platforms, StringComparison.Ordinal);
        string referrers = Browser.Find("#referrers").Text;
        Assert.Contains(ImagePusher.SignatureType, referrers, StringComparison.Ordinal);
        Assert.Contains("ci@example.com", referrers, StringComparison.Ordinal);
        Assert.Contains(_fixture.ReferrerDigest, Browser.Find("#referrers a").GetAttribute("title"), StringComparison.Ordinal);
        Browser.Screenshot("manifest-index");

        Browser.ClickAndWait(Browser.Find("#platforms tbody tr:first-child a"));
        Assert.Equal("linux/amd64", Browser.Find("#config-platform").Text);
        Assert.Equal("/usr/bin/app --serve", Browser.Find("#config-entrypoint").Text);
        Assert.Single(Browser.FindAll("#layers tbody tr"));
        Assert.Contains("org.opencontainers.image.title", Browser.Find("#labels").Text, StringComparison.Ordinal);
        Browser.Screenshot("manifest-image");
    }

    [Fact]
    public void CopyButton_PullCommand_PutsTheCommandOnTheClipboard()
    {
        Browser.SignIn(_fixture.BaseUrl, Admin, FloeProcess.AdminPassword);
        Browser.Open(Url($"/console/manifest?db=SHOP&schema=APPS&repo=WEB&image=app&digest={_fixture.IndexDigest}"));
        string expected = $"docker pull {_fixture.Host}/shop/apps/web/app@{_fixture.IndexDigest}";
        Assert.Equal(expected, Browser.Find("#pull-command").Text);
        Browser.Driver.ExecuteCdpCommand("Browser.grantPermissions", new Dictionary<string, object?>
        {
            ["origin"] = _fixture.BaseUrl,
            ["permissions"] = new[] { "clipboardReadWrite", "clipboardSanitizedWrite" },
        });

        Browser.Find("#copy-pull-command").Click();
        Browser.WaitFor(() => Browser.Find("#copy-pull-command").GetAttribute("data-copied") is not null);

        Assert.Equal("Copied", Browser.Find("#copy-pull-command").Text);
        object? clipboard = Browser.Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));");
        Assert.Equal(expected, clipboard);
    }

    [Fact]
    public void Worksheet_StatementsAndRoleSwitch_RunAsTheSignedInUserInTheChosenRole()
    {
        Browser.SignIn(_fixture.BaseUrl, Admin, FloeProcess.AdminPassword);
        Browser.Open(Url("/console/worksheet"));
        RunSql("SELECT CURRENT_USER(), CURRENT_ROLE()");
        string result = Browser.Find("#results table").Text;
        Assert.Contains("ADMIN", result, StringComparison.Ordinal);
        Assert.Contains("ACCOUNTADMIN", result, StringComparison.Ordinal);
        Browser.Screenshot("worksheet");

        Browser.Find("#role-switcher option[value='PUBLIC']").Click();
        Browser.ClickAndWait(Browser.Find("#use-role"));
        Assert.Equal("PUBLIC", Browser.Find("#current-role").Text);
        RunSql("CREATE DATABASE worksheet_probe");
        string error = Browser.Find("#results .error").Text;
        Assert.Contains("003001", error, StringComparison.Ordinal);
        Assert.Contains("Insufficient privileges", error, StringComparison.Ordinal);
        Browser.Screenshot("worksheet-error");

        RunSql("SELEC 1");
        Assert.Contains("001003", Browser.Find("#results .error").Text, StringComparison.Ordinal);
        Browser.Find("#role-switcher option[value='ACCOUNTADMIN']").Click();
        Browser.ClickAndWait(Browser.Find("#use-role"));
        Assert.Equal("ACCOUNTADMIN", Browser.Find("#current-role").Text);
    }

    [Fact]
    public async Task Viewer_RepositoryWithoutRead_InvisibleOnEveryPageAndEndpoint()
    {
        Browser.SignIn(_fixture.BaseUrl, "viewer", ConsoleFixture.ViewerPassword);
        Browser.Open(Url("/console/repositories?db=SHOP&schema=APPS"));
        string[] repositories = [.. Browser.FindAll("#repositories tbody tr td:first-child").Select(cell => cell.Text)];
        Assert.Equal(["WEB"], repositories);
        Browser.Screenshot("viewer-repositories");
        Browser.Open(Url("/console/repository?db=SHOP&schema=APPS&repo=SECRET"));
        Assert.Empty(Browser.FindAll("#tags"));
        Assert.DoesNotContain("classified", Browser.Driver.PageSource, StringComparison.Ordinal);

        using ConsoleHttp http = new(_fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("viewer", ConsoleFixture.ViewerPassword)).StatusCode);
        string[] pages =
        [
            "/console/",
            "/console/schemas?db=SHOP",
            "/console/repositories?db=SHOP&schema=APPS",
            "/console/repository?db=SHOP&schema=APPS&repo=SECRET",
            "/console/repository?db=SHOP&schema=APPS&repo=SECRET&image=hidden",
            $"/console/manifest?db=SHOP&schema=APPS&repo=SECRET&image=hidden&digest={_fixture.SecretDigest}",
            "/console/admin?view=registry",
        ];
        foreach (string page in pages)
        {
            HttpResponseMessage response = await http.GetAsync(page);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{page}: {(int)response.StatusCode}");
            Assert.DoesNotContain("classified", body, StringComparison.Ordinal);
            Assert.DoesNotContain("manifest-facts", body, StringComparison.Ordinal);
        }

        string listing = await (await http.GetAsync(pages[2])).Content.ReadAsStringAsync();
        Assert.Contains("repo=WEB", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", listing, StringComparison.Ordinal);

        HttpResponseMessage manifest = await http.GetAsync(pages[5]);
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        string token = await http.TokenAsync("/console/worksheet");
        HttpResponseMessage worksheet = await http.PostAsync("/console/worksheet", new Dictionary<string, string>
        {
            ["csrf"] = token,
            ["sql"] = "SHOW IMAGES IN IMAGE REPOSITORY shop.apps.secret",
        });
        string answer = await worksheet.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, worksheet.StatusCode);
        Assert.DoesNotContain("classified", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestPage_HostileAnnotationsAndLabels_RenderedAsTextWithoutScriptOrLink()
    {
        Browser.SignIn(_fixture.BaseUrl, Admin, FloeProcess.AdminPassword);
        Browser.Open(Url($"/console/manifest?db=SHOP&schema=APPS&repo=WEB&image=app&digest={_fixture.HostileDigest}"));

        Assert.False(Browser.AlertIsOpen());
        string[] annotations = [.. Browser.FindAll("#annotations td.value").Select(cell => cell.Text)];
        Assert.Contains(ConsoleFixture.HostileScript, annotations);
        Assert.Contains(ConsoleFixture.HostileUrl, annotations);
        Assert.Contains(ConsoleFixture.HostileLabel, Browser.FindAll("#labels td.value").Select(cell => cell.Text));
        Assert.Empty(Browser.FindAll("a[href^='javascript']"));
        Assert.Empty(Browser.FindAll("main img"));
        Assert.Equal(["/console/assets/console.js"], Browser.FindAll("script").Select(s => new Uri(s.GetAttribute("src") ?? "about:blank").AbsolutePath));
        Browser.Screenshot("manifest-hostile");
    }

    [Fact]
    public async Task StateChangingRequests_WithoutAntiForgeryToken_RefusedAndNothingChanges()
    {
        using ConsoleHttp http = new(_fixture.BaseUrl);
        HttpResponseMessage forgedSignIn = await http.PostAsync("/console/signin", new Dictionary<string, string>
        {
            ["user"] = Admin,
            ["password"] = FloeProcess.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(Admin, FloeProcess.AdminPassword)).StatusCode);

        HttpResponseMessage forgedSql = await http.PostAsync("/console/worksheet", new Dictionary<string, string> { ["sql"] = "CREATE DATABASE csrf_probe" });
        HttpResponseMessage forgedRole = await http.PostAsync("/console/role", new Dictionary<string, string> { ["role"] = "PUBLIC", ["back"] = "/console/" });
        HttpResponseMessage forgedSignOut = await http.PostAsync("/console/signout", new Dictionary<string, string>());
        HttpResponseMessage wrongToken = await http.PostAsync("/console/worksheet", new Dictionary<string, string>
        {
            ["csrf"] = "CfDJ8forged",
            ["sql"] = "CREATE DATABASE csrf_probe",
        });

        Assert.Equal(HttpStatusCode.BadRequest, forgedSql.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedRole.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.DoesNotContain("CSRF_PROBE", await _fixture.Floe.SqlAsync("SHOW DATABASES LIKE 'CSRF_PROBE'"), StringComparison.Ordinal);
        HttpResponseMessage stillSignedIn = await http.GetAsync("/console/worksheet");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        HttpResponseMessage withToken = await http.PostAsync("/console/worksheet", new Dictionary<string, string>
        {
            ["csrf"] = await http.TokenAsync("/console/worksheet"),
            ["sql"] = "SELECT CURRENT_ROLE()",
        });
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Contains("ACCOUNTADMIN", await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleResponses_Headers_StrictPolicyHardenedCookieAndNothingOnTheRegistryPath()
    {
        using ConsoleHttp http = new(_fixture.BaseUrl);
        HttpResponseMessage root = await http.GetAsync("/");
        HttpResponseMessage signInPage = await http.GetAsync("/console/signin");
        HttpResponseMessage signedIn = await http.SignInAsync(Admin, FloeProcess.AdminPassword);
        HttpResponseMessage registry = await http.GetAsync("/v2/");

        Assert.Equal("/console/", root.Headers.Location?.OriginalString);
        string policy = string.Join(";", signInPage.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        string cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("floe_console_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/console", cookie, StringComparison.Ordinal);
        Assert.Equal("/console/", signedIn.Headers.Location?.OriginalString);
        Assert.False(registry.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task SignIn_WrongPasswordThenSignOut_RefusedWithTheCliMessageAndTheSessionEnds()
    {
        Browser.SignIn(_fixture.BaseUrl, "viewer", "not-the-password");
        Assert.Equal("Incorrect username or password was specified.", Browser.Find("#signin-message").Text);
        Browser.Screenshot("signin");

        Browser.SignIn(_fixture.BaseUrl, "viewer", ConsoleFixture.ViewerPassword);
        string session = Browser.Driver.Manage().Cookies.GetCookieNamed("floe_console_session")?.Value ?? throw new InvalidOperationException("no session cookie");
        Browser.ClickAndWait(Browser.Find("#sign-out"));
        Assert.EndsWith("/console/signin", new Uri(Browser.Driver.Url).AbsolutePath, StringComparison.Ordinal);

        using ConsoleHttp http = new(_fixture.BaseUrl);
        http.Cookies.Add(new Uri(_fixture.BaseUrl), new System.Net.Cookie("floe_console_session", session, "/console"));
        HttpResponseMessage replayed = await http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/console/signin?expired=1", replayed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_RepeatedWrongPasswords_ThrottledAsEveryLoginIs()
    {
        using ConsoleHttp http = new(_fixture.BaseUrl);
        List<HttpStatusCode> answers = [];
        for (int attempt = 0; attempt <= 5; attempt++)
        {
            answers.Add((await http.SignInAsync("throttled_user", "wrong-password")).StatusCode);
        }

        HttpResponseMessage refused = await http.SignInAsync("throttled_user", "wrong-password");

        Assert.All(answers.Take(5), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Too many failed logins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void AdminPages_AccountAdmin_ListUsersRolesGrantsAndHistory()
    {
        Browser.SignIn(_fixture.BaseUrl, Admin, FloeProcess.AdminPassword);
        Browser.Open(Url("/console/admin?view=users"));
        Assert.Contains("VIEWER", Browser.Find("#admin-result").Text, StringComparison.Ordinal);
        Browser.Screenshot("admin-users");

        Browser.Open(Url("/console/admin?view=roles"));
        Browser.Screenshot("admin-roles");
        Browser.ClickAndWait(Browser.Driver.FindElement(By.LinkText("VIEWER_ROLE")));
        string grants = Browser.Find("#admin-result").Text;
        Assert.Contains("READ", grants, StringComparison.Ordinal);
        Assert.Contains("SHOP.APPS.WEB", grants, StringComparison.Ordinal);
        Browser.Screenshot("admin-grants");

        Browser.Open(Url("/console/admin?view=logins"));
        Assert.Contains("ADMIN", Browser.Find("#admin-result").Text, StringComparison.Ordinal);
        Browser.Screenshot("admin-login-history");
        Browser.Open(Url("/console/admin?view=registry"));
        Assert.Contains("event_time", Browser.Find("#admin-result").Text, StringComparison.OrdinalIgnoreCase);
        Browser.Screenshot("admin-registry-history");
    }

    private void RunSql(string sql)
    {
        IWebElement editor = Browser.Find("#sql");
        editor.Clear();
        editor.SendKeys(sql);
        Browser.ClickAndWait(Browser.Find("#run"));
    }
}
