using System.Collections.Concurrent;
using Portico.Web.Data;

[assembly: AssemblyFixture(typeof(Portico.BrowserTests.Infrastructure.PortalBrowser))]

namespace Portico.BrowserTests.Infrastructure;

/// <summary>
/// One Portico server and one Chromium for the whole run; every test gets its own browser context (its own
/// cookies), so tests stay independent while running in parallel.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    /// <summary>Override with <c>PORTICO_CHROMIUM</c>; scripts/test.sh installs Debian's package at this path.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> signedInStates = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? playwright;
    private IBrowser? browser;

    public PortalServer Server { get; } = new(Path.Combine(Path.GetTempPath(), "portico-browser-tests", Guid.NewGuid().ToString("N")));

    public Uri BaseUrl => Server.BaseUrl;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PORTICO_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. Install it with `apt-get install -y chromium` (scripts/test.sh does) or set PORTICO_CHROMIUM.");
        }

        Server.Start();

        // Note: the Playwright driver (its own node and JS package) is copied beside this assembly by the NuGet
        // package; no browser download is needed because Debian's Chromium is launched by path.
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });

        // Note: two cores run the server, Chromium and Argon2 at once; the 5 s default is too tight under load.
        SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh context (no cookies) whose requests are tagged with <paramref name="testId"/> in the server log.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? testId, string locale = "en-US", string? storageState = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            Locale = locale,
            ExtraHTTPHeaders = testId is null ? [] : new Dictionary<string, string> { [ServerLog.TestHeader] = testId },
            StorageState = storageState,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>
    /// The cookies of a signed-in <paramref name="email"/>: signs in through the real page once per run and saves
    /// the storage state, so tests that start signed in do not each pay for a sign-in.
    /// </summary>
    public Task<string> SignedInStateAsync(string email, string password = DemoData.Password) =>
        signedInStates.GetOrAdd(email, _ => new Lazy<Task<string>>(() => SignInOnceAsync(email, password))).Value;

    private async Task<string> SignInOnceAsync(string email, string password)
    {
        // Note: untagged, so an error logged here fails every test running at the time rather than none.
        await using var context = await NewContextAsync(testId: null);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/SignIn");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return await context.StorageStateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
