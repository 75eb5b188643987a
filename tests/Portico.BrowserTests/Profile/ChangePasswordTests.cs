using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.Profile;

public sealed class ChangePasswordTests(PortalBrowser portal) : BrowserTest(portal)
{
    [Fact]
    public async Task SignIn_TemporaryPassword_ForcesChangeBeforeAnythingElse()
    {
        await Page.GotoAsync("/SignIn");
        await Page.SignInAsync("riley.new@contoso.example", DemoData.Password);

        await Expect(Page).ToHaveURLAsync(PageExtensions.ChangePasswordUrl());
        await Expect(Page.Heading("Change your password")).ToBeVisibleAsync();
        await Expect(Page.GetByText("You signed in with a temporary password. Choose your own password to continue.")).ToBeVisibleAsync();

        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(PageExtensions.ChangePasswordUrl());
        await Expect(Page.Heading("Change your password")).ToBeVisibleAsync();

        var current = Page.GetByLabel("Current password");
        var newPassword = Page.GetByLabel("New password");
        var submit = Page.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true });
        await current.FillAsync(DemoData.Password);
        await newPassword.FillAsync("short-secret");
        await submit.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The password is too short.");
        await Expect(Page.Heading("Change your password")).ToBeVisibleAsync();

        await current.FillAsync(DemoData.Password);
        await newPassword.FillAsync("velvet-orchard-compass-thunder-82");
        await submit.ClickAsync();

        await Expect(Page.Heading("Welcome, Riley New")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your password was changed." }))
            .ToHaveTextAsync("Your password was changed. Your other sessions were signed out.");
        await SaveScreenshotAsync();
    }
}
