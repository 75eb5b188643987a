using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.SignIn;

public sealed class SignInTests(PortalBrowser portal) : BrowserTest(portal)
{
    [Fact]
    public async Task SignIn_WithDemoGlobalAdmin_ShowsHomeAndSignsOut()
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(PageExtensions.SignInUrl());
        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();

        await Page.SignInAsync("alex.johnson@contoso.example", DemoData.Password);

        await Expect(Page.Heading("Welcome, Alex Johnson")).ToBeVisibleAsync();
        await Expect(Page.GetByText("You are working in Contoso Cloud Solutions.")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(PageExtensions.SignInUrl());
        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);

        // The session is over on the server too, not just forgotten by the browser.
        await Page.GotoAsync("/");
        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();
        await SaveScreenshotAsync();
    }

    [Fact]
    public async Task SignIn_SharedEmail_ShowsAccountPickerAndSignsInToWorkAccount()
    {
        await Page.GotoAsync("/SignIn");
        await Page.SignInAsync(DemoData.SharedEmail, DemoData.Password);

        await Expect(Page.Heading("Choose an account")).ToBeVisibleAsync();
        var work = Page.GetByRole(AriaRole.Button, new() { Name = "Work account — Contoso Cloud Solutions" });
        var personal = Page.GetByRole(AriaRole.Button, new() { Name = "Personal account" });
        await Expect(work).ToBeVisibleAsync();
        await Expect(personal).ToBeVisibleAsync();

        await personal.ClickAsync();

        await Expect(Page.Heading("Welcome, Taylor Tanaka")).ToBeVisibleAsync();
        await Expect(Page.GetByText("You are signed in with a personal account. Organization features need a work account.")).ToBeVisibleAsync();
        var banner = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "your work account with the same email" });
        await Expect(banner).ToContainTextAsync("Contoso Cloud Solutions");

        await banner.GetByRole(AriaRole.Button, new() { Name = "Switch account" }).ClickAsync();

        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Email")).ToHaveValueAsync(DemoData.SharedEmail);

        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoData.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page.Heading("Choose an account")).ToBeVisibleAsync();
        await work.ClickAsync();

        await Expect(Page.Heading("Welcome, Taylor Tanaka")).ToBeVisibleAsync();
        await Expect(Page.GetByText("You are working in Contoso Cloud Solutions.")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch account" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsGenericErrorAndRecoveryLink()
    {
        await Page.GotoAsync("/SignIn");
        await Page.SignInAsync("sam.lee@contoso.example", "not-the-password-at-all");

        var error = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The email or password is incorrect." });
        await Expect(error).ToBeVisibleAsync();
        await Expect(error.GetByRole(AriaRole.Link, new() { Name = "Can't access your account?" })).ToHaveAttributeAsync("href", "/SignIn/Help");
        await Expect(Page.GetByLabel("Email")).ToHaveValueAsync("sam.lee@contoso.example");
        await Expect(Page.GetByLabel("Password", new() { Exact = true })).ToBeEmptyAsync();

        // An unknown email gets the very same answer.
        await Page.SignInAsync("nobody.here@contoso.example", "not-the-password-at-all");
        await Expect(error).ToBeVisibleAsync();
        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();
        await SaveScreenshotAsync();
    }

    [Fact]
    public async Task Home_WithSavedSignInOfGlobalAdmin_ShowsNavigationAndOrganization()
    {
        var page = await NewPageAsync(storageState: await Portal.SignedInStateAsync("alex.johnson@contoso.example"));

        await page.GotoAsync("/");

        await Expect(page.Heading("Welcome, Alex Johnson")).ToBeVisibleAsync();
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        foreach (var link in new[] { "Home", "Organization", "Audit log", "My account" })
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }

        // Note: the menu is grouped into workspaces, which the home page lists with a line on each page.
        await Expect(navigation.GetByText("Account settings", new() { Exact = true })).ToBeVisibleAsync();
        var workspaces = page.GetByRole(AriaRole.Region, new() { Name = "Your workspaces" });
        await Expect(workspaces.GetByRole(AriaRole.Region, new() { Name = "Partnerships" }).GetByText("(needs MFA)").First).ToBeVisibleAsync();
        await Expect(workspaces.GetByText("Add people, assign roles, reset passwords, block or remove accounts.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Alex Johnson · Contoso Cloud Solutions")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page);
    }
}
