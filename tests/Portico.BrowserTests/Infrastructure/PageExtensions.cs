using System.Text.RegularExpressions;

namespace Portico.BrowserTests.Infrastructure;

/// <summary>The steps stories share, written as a user would do them (by label and role, in English).</summary>
public static partial class PageExtensions
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public static ILocator Heading(this IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    /// <summary>Matches the sign-in page's URL, whatever its query string.</summary>
    [GeneratedRegex(@"/SignIn(\?.*)?$")]
    public static partial Regex SignInUrl();

    [GeneratedRegex(@"/Profile/ChangePassword(\?.*)?$")]
    public static partial Regex ChangePasswordUrl();
}
