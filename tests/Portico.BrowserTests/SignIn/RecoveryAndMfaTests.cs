using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.SecurityInfo;

namespace Portico.BrowserTests.SignIn;

public sealed class RecoveryAndMfaTests(PortalBrowser portal) : BrowserTest(portal)
{
    private const string Password = "lantern-orchid-granite-river-58";

    /// <summary>A new work account in a demo organization, arranged directly through the app's services.</summary>
    private async Task<string> AWorkAccountAsync(string organization, string displayName, string? culture, bool withRecoveryCodes)
    {
        await using var scope = Portal.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var org = await db.Organizations.SingleAsync(o => o.DisplayName == organization, TestContext.Current.CancellationToken);
        var email = $"browser.{Guid.NewGuid():N}"[..20] + "@example.org";
        var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .AddWorkAccountAsync(org, email, displayName, [], Password, TestContext.Current.CancellationToken);
        created.Account.PreferredCulture = culture;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        if (withRecoveryCodes)
        {
            await scope.ServiceProvider.GetRequiredService<SecurityInfoService>().GenerateRecoveryCodesAsync(created.Account.Id, TestContext.Current.CancellationToken);
        }

        return email;
    }

    [Fact]
    public async Task ForgotPassword_InJapanese_MailLinkSetsNewPasswordAndSignsIn()
    {
        var started = DateTimeOffset.UtcNow;
        var email = await AWorkAccountAsync("Fabrikam Reseller 株式会社", "高橋 翔", "ja-JP", withRecoveryCodes: true);
        var page = await NewPageAsync("ja-JP");

        await page.GotoAsync("/SignIn");
        await page.GetByRole(AriaRole.Link, new() { Name = "パスワードをお忘れですか?" }).ClickAsync();
        await Expect(page.Heading("アカウントにアクセスできない場合")).ToBeVisibleAsync();
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "続行", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("そのアドレスを使うアカウントがあれば");

        var mail = await Portal.Server.Outbox.WaitForAsync(email, started, m => m.Subject == "Portico アカウントの回復");
        Assert.Contains("ご自身でパスワードをリセットできます", mail.TextBody, StringComparison.Ordinal);
        var link = Assert.Single(Outbox.Links(mail), l => l.AbsolutePath == "/SignIn/ResetPassword");
        await page.GotoAsync(link.ToString());
        await Expect(page.Heading("新しいパスワードの設定")).ToBeVisibleAsync();
        await page.GetByLabel("新しいパスワード").FillAsync("短い");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.GetByLabel("新しいパスワード").FillAsync("みずうみ-ほたる-こもれび-2046");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("パスワードをリセットし");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync("みずうみ-ほたる-こもれび-2046");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" })).ToBeVisibleAsync();
        await Portal.Server.Outbox.WaitForAsync(email, started, m => m.Subject == "Portico のパスワードが変更されました");
        await SaveScreenshotAsync(page);
    }

    [Fact]
    public async Task Authenticator_EnrolWithQrSecret_ThenSignInAsksForCode()
    {
        var email = await AWorkAccountAsync("Contoso Cloud Solutions", "Quinn Authenticator", null, withRecoveryCodes: false);
        await Page.GotoAsync("/SignIn");
        await Page.SignInAsync(email, Password);
        await Page.GotoAsync("/Profile/Sessions");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Security info" }).ClickAsync();
        await Expect(Page.Heading("Security info")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add an authenticator app" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = "QR code for the authenticator app" })).ToBeVisibleAsync();
        var secret = await Page.GetByTestId("authenticator-secret").InnerTextAsync();
        await Page.GetByLabel("Code from the app").FillAsync(TestTotp.Code(secret, DateTimeOffset.UtcNow));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm and add" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The authenticator app was added.");
        await Expect(Page.GetByText("An authenticator app is registered.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

        await Page.SignInAsync(email, Password);
        await Expect(Page.Heading("Verify your identity")).ToBeVisibleAsync();
        await Page.GetByLabel("Code", new() { Exact = true }).FillAsync("000000");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is not valid");

        // Note: the enrolment used the current time step's code (each works once); the app's next code is accepted too.
        await Page.GetByLabel("Code", new() { Exact = true }).FillAsync(TestTotp.Code(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(Page.Heading("Welcome, Quinn Authenticator")).ToBeVisibleAsync();
        await SaveScreenshotAsync();
    }
}
