using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// Debian's Chromium, headless, driven through Debian's chromedriver (installed by scripts/chromium.sh):
/// one browser with a profile of its own in a temporary directory, removed at the end.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "floe-chromium-" + Guid.NewGuid().ToString("N"));

    public ConsoleBrowser()
    {
        ChromeOptions options = new() { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
            "--no-first-run", "--user-data-dir=" + _profile);
        ChromeDriverService service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(20);
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the screenshots go: the test run's output folder (not committed).</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    public void Open(string url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Waits (up to 20 s) for <paramref name="condition"/>: the page's own script runs after load.</summary>
    public void WaitFor(Func<bool> condition) =>
        new WebDriverWait(Driver, TimeSpan.FromSeconds(20)).Until(_ => condition());

    /// <summary>Clicks <paramref name="element"/> and waits until the page it leads to has replaced this one and loaded.</summary>
    public void ClickAndWait(IWebElement element)
    {
        IWebElement page = Find("html");
        element.Click();
        WaitFor(() =>
        {
            try
            {
                _ = page.TagName;
                return false;
            }
            catch (WebDriverException error) when (IsGone(error))
            {
                return Equals(Driver.ExecuteScript("return document.readyState"), "complete");
            }
        });
    }

    /// <summary>
    /// Whether the element's document has been replaced. Chromium says so as a stale element, or, when
    /// asked while the next page is being committed, as an inspector error naming the same thing.
    /// </summary>
    private static bool IsGone(WebDriverException error) =>
        error is StaleElementReferenceException
        || error.Message.Contains("does not belong to the document", StringComparison.Ordinal);

    /// <summary>Saves what the browser shows as <c>name.png</c> under <see cref="ScreenshotDirectory"/>.</summary>
    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, name + ".png"));
    }

    /// <summary>Signs in through the sign-in page as a person does; the page the console opens with afterwards.</summary>
    public void SignIn(string baseUrl, string user, string password)
    {
        Driver.Manage().Cookies.DeleteAllCookies();
        Open(baseUrl + "/console/signin");
        Find("#user").SendKeys(user);
        Find("#password").SendKeys(password);
        ClickAndWait(Find("#sign-in"));
    }

    /// <summary>Whether a JavaScript alert is open (a script an attacker planted would open one).</summary>
    public bool AlertIsOpen()
    {
        try
        {
            _ = Driver.SwitchTo().Alert().Text;
            return true;
        }
        catch (NoAlertPresentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last writes may still be landing; the temporary folder is cleaned with the machine.
        }
    }
}
