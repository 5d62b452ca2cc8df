using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Floe.Clients.Tests.Authentication;

/// <summary>
/// The test identity provider's own pages (npm <c>oidc-provider</c>'s development login and consent pages,
/// scripts/oidc.sh) driven in Chromium: any user name signs in with any password and becomes the token's <c>sub</c>.
/// </summary>
public static class ProviderSignInPage
{
    /// <summary>
    /// Signs in as <paramref name="user"/> on the provider's login page (open, or opening, in <paramref name="browser"/>)
    /// and confirms the consent page, after which the provider sends the browser back to the client.
    /// </summary>
    public static void SignIn(IWebDriver browser, string issuer, string user)
    {
        WebDriverWait wait = new(browser, TimeSpan.FromMinutes(1));
        wait.Until(driver => driver.FindElements(By.Name("login")).Count > 0);
        browser.FindElement(By.Name("login")).SendKeys(user);
        browser.FindElement(By.Name("password")).SendKeys("any password: the provider's development login takes any");
        browser.FindElement(By.CssSelector("button[type=submit]")).Click();

        // The provider asks to consent to the scopes the client asked for, then sends the browser back to it.
        for (int step = 0; step < 5 && browser.Url.StartsWith(issuer, StringComparison.Ordinal); step++)
        {
            wait.Until(driver => !driver.Url.StartsWith(issuer, StringComparison.Ordinal) || driver.FindElements(By.CssSelector("button[type=submit]")).Count > 0);
            if (browser.Url.StartsWith(issuer, StringComparison.Ordinal))
            {
                browser.FindElement(By.CssSelector("button[type=submit]")).Click();
            }
        }
    }
}
