namespace Portico.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test: its own context and page, a screenshot of the final state in the output folder,
/// and a failure when the server logged an error while the test ran.
/// </summary>
public abstract class BrowserTest(PortalBrowser portal) : IAsyncLifetime
{
    /// <summary>Screenshots land here (beside the test assembly, e.g. bin/Debug/net10.0/screenshots).</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly List<IBrowserContext> contexts = [];
    private readonly string testId = Guid.NewGuid().ToString("N");
    private DateTimeOffset started;

    protected PortalBrowser Portal => portal;

    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        started = DateTimeOffset.UtcNow;
        if (Directory.Exists(ScreenshotDirectory))
        {
            foreach (var stale in Directory.GetFiles(ScreenshotDirectory, ScreenshotPrefix() + "*.png"))
            {
                File.Delete(stale);
            }
        }

        Page = await NewPageAsync();
    }

    /// <summary>Another browser (a fresh context) for this test, e.g. with another language or saved cookies.</summary>
    protected async Task<IPage> NewPageAsync(string locale = "en-US", string? storageState = null)
    {
        var context = await portal.NewContextAsync(testId, locale, storageState);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    protected async Task SaveScreenshotAsync(IPage? page = null, string? suffix = null)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{ScreenshotPrefix()}{(suffix is null ? "" : "-" + suffix)}.png");
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
    }

    private static string ScreenshotPrefix() =>
        $"{TestContext.Current.TestClass?.TestClassSimpleName}.{TestContext.Current.TestMethod?.MethodName}";

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var pages = contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                await SaveScreenshotAsync(pages[i], pages.Count == 1 ? "failed" : $"failed-{i + 1}");
            }
        }

        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        var errors = portal.Server.Log.ErrorsFor(testId, started);
        if (errors.Count > 0)
        {
            Assert.Fail($"The server logged {errors.Count} error(s) during this test:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
    }
}
