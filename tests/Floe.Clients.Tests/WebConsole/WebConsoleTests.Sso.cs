using Floe.Clients.Tests.Authentication;
using OpenQA.Selenium;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// "Sign in with &lt;integration&gt;" against the real OpenID provider (scripts/oidc.sh): the button on the
/// console's sign-in page, the provider's own login page in Chromium, and the way back to the console,
/// signed in as the mapped user, or refused with the generic login error.
/// </summary>
public sealed partial class WebConsoleTests
{
    private const string Integration = "COMPANY_IDP";
    private const string GenericLoginError = "Incorrect username or password was specified.";

    [Fact]
    public async Task SignInWithSso_ProviderSignsInFloeUser_ConsoleShowsWhatThatUserMayRead()
    {
        await AddIntegrationAsync();

        StartSso();
        ProviderSignInPage.SignIn(Browser.Driver, TestProvider.Issuer, "viewer");
        Browser.WaitFor(() => Browser.Driver.Url == Url("/console/") && Browser.FindAll("#signed-in-user").Count > 0);

        Assert.Equal("VIEWER", Browser.Find("#signed-in-user").Text);
        Browser.Open(Url("/console/repositories?db=SHOP&schema=APPS"));
        string repositories = Browser.Find("#repositories").Text;
        Assert.Contains("WEB", repositories, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", repositories, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInWithSso_UserUnknownToFloe_GenericLoginErrorAndNoSession()
    {
        await AddIntegrationAsync();

        StartSso();
        ProviderSignInPage.SignIn(Browser.Driver, TestProvider.Issuer, "nobody_in_floe");
        Browser.WaitFor(() => Browser.Driver.Url.StartsWith(Url("/console/sso/callback"), StringComparison.Ordinal) && Browser.FindAll("#signin-message").Count > 0);

        Assert.Equal(GenericLoginError, Browser.Find("#signin-message").Text);
        Browser.Open(Url("/console/"));
        Assert.StartsWith(Url("/console/signin"), Browser.Driver.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInWithSso_PersonCancelsAtTheProvider_GenericLoginErrorAndNoSession()
    {
        await AddIntegrationAsync();
        StartSso();
        Browser.WaitFor(() => Browser.FindAll("[name=login]").Count > 0);

        Browser.Find("a[href*='/abort']").Click(); // the provider answers error=access_denied with the flow's state
        Browser.WaitFor(() => Browser.Driver.Url.StartsWith(Url("/console/sso/callback"), StringComparison.Ordinal) && Browser.FindAll("#signin-message").Count > 0);

        Assert.Contains("error=access_denied", Browser.Driver.Url, StringComparison.Ordinal);
        Assert.Equal(GenericLoginError, Browser.Find("#signin-message").Text);
    }

    [Fact]
    public async Task SsoCallback_ForgedMissingOrUnstartedState_GenericLoginErrorAndNoSession()
    {
        await AddIntegrationAsync();
        StartSso();
        Browser.WaitFor(() => Browser.FindAll("[name=login]").Count > 0);

        foreach (string query in (string[])["?code=stolen&state=forged", "?code=stolen", "?error=access_denied&state=forged"])
        {
            Browser.Open(Url("/console/sso/callback" + query));

            Assert.Equal(GenericLoginError, Browser.Find("#signin-message").Text);
        }

        Browser.Open(Url("/console/"));
        Assert.StartsWith(Url("/console/signin"), Browser.Driver.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInWithSso_ProviderDown_ClearErrorOnTheSignInPage()
    {
        const string down = "DOWN_IDP";
        await _fixture.Floe.SqlAsync(
            $"CREATE OR REPLACE SECURITY INTEGRATION {down} TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
            "EXTERNAL_OAUTH_ISSUER = 'http://127.0.0.1:9' EXTERNAL_OAUTH_JWS_KEYS_URL = 'http://127.0.0.1:9/jwks' " +
            "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME' " +
            "EXTERNAL_OAUTH_CONSOLE_CLIENT_ID = 'floe_console'");
        try
        {
            StartSso(down);
            Browser.WaitFor(() => Browser.FindAll("#signin-message").Count > 0);

            Assert.Equal("The identity provider could not be reached; try again later.", Browser.Find("#signin-message").Text);
        }
        finally
        {
            await _fixture.Floe.SqlAsync($"DROP SECURITY INTEGRATION {down}");
        }
    }

    /// <summary>The provider as an integration of the account, with the console's client there; the user's default role.</summary>
    private Task AddIntegrationAsync() => _fixture.Floe.SqlAsync(
        $"CREATE OR REPLACE SECURITY INTEGRATION {Integration} TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = CUSTOM " +
        $"EXTERNAL_OAUTH_ISSUER = '{TestProvider.Issuer}' EXTERNAL_OAUTH_JWS_KEYS_URL = '{TestProvider.Issuer}/jwks' " +
        $"EXTERNAL_OAUTH_AUDIENCE_LIST = ('{TestProvider.Resource}') EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' " +
        "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME' EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE' " +
        "EXTERNAL_OAUTH_CONSOLE_CLIENT_ID = 'floe_console'");

    /// <summary>A browser signed in nowhere (neither Floe nor the provider) clicks "Sign in with &lt;integration&gt;".</summary>
    private void StartSso(string integration = Integration)
    {
        Browser.Driver.ExecuteCdpCommand("Network.clearBrowserCookies", []);
        Browser.Open(Url("/console/signin"));
        IWebElement button = Browser.Find($"#sso button[data-integration='{integration}']");
        Assert.Equal($"Sign in with {integration}", button.Text);
        if (integration == Integration)
        {
            Browser.Screenshot("signin-sso");
        }

        button.Click();
    }
}
