using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.SecurityInfo;

namespace Portico.BrowserTests.Relationships;

/// <remarks>
/// Note: the story locks out and resets Fabrikam's only Global admin, whom the verification story also signs in as;
/// so this class gets a server and database of its own (a class fixture is chosen before the assembly one).
/// </remarks>
public sealed class DelegatedAdminStoryTests(PortalBrowser portal) : BrowserTest(portal), IClassFixture<PortalBrowser>
{
    private const string Reseller = "fumi.suzuki@fabrikam.example";
    private const string Agent = "ken.sato@northwind.example";
    private const string ProviderAdmin = "nora.admin@northwind.example";
    private const string NewPassword = "lantern-harbor-maple-quietude-93";

    /// <summary>
    /// SPEC §7 and the story: Fabrikam's only Global admin (鈴木 文) locks herself out with wrong passwords;
    /// Northwind's Admin agent (佐藤 健), signed in with an authenticator code, resets her password through the approved
    /// delegated-admin relationship on Fabrikam's own User management page, under the "acting on behalf" banner; she
    /// signs in with the temporary password, must change it, and both organizations' audit logs show the reset. Then she
    /// ends the reseller relationship with Northwind, and Ken's next request to Fabrikam is refused with the reason.
    /// </summary>
    [Fact]
    public async Task LockedOutResellerAdmin_ProviderAgentResetsThroughRelationship_BothAuditLogsShowIt_ThenTheResellerEndsIt()
    {
        var started = DateTimeOffset.UtcNow;
        Guid fabrikamId;
        string authenticatorKey;

        // Ken has an authenticator app (the MFA step at sign-in comes from Portico's own TOTP sign-in).
        await using (var scope = Portal.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ken = await db.Users.SingleAsync(a => a.Email == Agent, TestContext.Current.CancellationToken);
            fabrikamId = await db.Organizations.Where(o => o.DisplayName == "Fabrikam Reseller 株式会社").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
            authenticatorKey = Totp.NewKey();
            ken.TwoFactorEnabled = true;
            db.SecurityInfo.Add(new AccountSecurityInfo { AccountId = ken.Id, AuthenticatorKey = authenticatorKey, AuthenticatorAddedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Fumi mistypes her password ten times (different wrong passwords, so smart lockout counts each) and is locked out.
        using (var api = new HttpClient { BaseAddress = Portal.BaseUrl })
        {
            for (var i = 0; i < 10; i++)
            {
                using var failed = await api.PostAsJsonAsync("/api/v1/session", new { email = Reseller, password = $"not-my-password-{i}-{Guid.NewGuid():N}" }, TestContext.Current.CancellationToken);
                Assert.Equal(401, (int)failed.StatusCode);
            }
        }

        var reseller = Page;
        await reseller.GotoAsync("/SignIn");
        await reseller.SignInAsync(Reseller, DemoData.Password);
        await Expect(reseller.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is incorrect.");
        await Portal.Server.Outbox.WaitForAsync(Reseller, started, m => m.TextBody?.Contains("/SignIn/Help", StringComparison.Ordinal) == true);

        // Ken signs in with password and authenticator code; his UI is Japanese (his preference).
        var agent = await NewPageAsync();
        await agent.GotoAsync("/SignIn");
        await agent.SignInAsync(Agent, DemoData.Password);
        await Expect(agent.Heading("本人確認")).ToBeVisibleAsync();
        await agent.GetByLabel("コード", new() { Exact = true }).FillAsync(Totp.Compute(Totp.Base32Decode(authenticatorKey), Totp.TimeStep(DateTimeOffset.UtcNow)));
        await agent.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();

        // From Customers into Fabrikam's own User management page, with the banner saying on whose behalf he acts.
        await agent.GetByRole(AriaRole.Navigation, new() { Name = "メインナビゲーション" }).GetByRole(AriaRole.Link, new() { Name = "顧客", Exact = true }).ClickAsync();
        await Expect(agent.Heading("顧客")).ToBeVisibleAsync();
        await agent.GetByRole(AriaRole.Link, new() { Name = "Fabrikam Reseller 株式会社 のユーザーを管理" }).ClickAsync();
        await Expect(agent).ToHaveURLAsync(new Uri(Portal.BaseUrl, $"/Orgs/{fabrikamId}/Users").ToString());
        await Expect(agent.Heading("ユーザー管理")).ToBeVisibleAsync();
        var banner = agent.GetByRole(AriaRole.Status).Filter(new() { HasText = "の代理で操作しています" });
        await Expect(banner).ToContainTextAsync("Fabrikam Reseller 株式会社 の代理で操作しています。");
        await Expect(banner).ToContainTextAsync("Northwind support for Fabrikam");
        await SaveScreenshotAsync(agent, "acting-on-behalf");

        await agent.GetByRole(AriaRole.Link, new() { Name = "鈴木 文", Exact = true }).ClickAsync();
        await Expect(agent.Heading("鈴木 文")).ToBeVisibleAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "パスワードをリセット", Exact = true }).ClickAsync();
        var temporary = (await agent.Locator("code.secret").InnerTextAsync()).Trim();
        Assert.True(temporary.Length >= 8, temporary);
        await SaveScreenshotAsync(agent, "reset");

        // Fumi signs in with the temporary password and must choose her own before anything else.
        await reseller.GotoAsync("/SignIn");
        await reseller.SignInAsync(Reseller, temporary);
        await Expect(reseller).ToHaveURLAsync(PageExtensions.ChangePasswordUrl());
        await Expect(reseller.Heading("パスワードの変更")).ToBeVisibleAsync();
        await reseller.GetByLabel("現在のパスワード").FillAsync(temporary);
        await reseller.GetByLabel("新しいパスワード").FillAsync(NewPassword);
        await reseller.Locator("form button[type=submit].primary").ClickAsync();
        await Expect(reseller).Not.ToHaveURLAsync(PageExtensions.ChangePasswordUrl());

        // Fabrikam's audit log: the reset, by Ken, through Northwind's relationship.
        await reseller.GotoAsync("/AuditLog?type=PasswordResetByAdmin");
        await Expect(reseller.Heading("監査ログ")).ToBeVisibleAsync();
        var customerRow = reseller.GetByRole(AriaRole.Row).Filter(new() { HasText = "佐藤 健" });
        await Expect(customerRow).ToHaveCountAsync(1);
        await Expect(customerRow).ToContainTextAsync("鈴木 文");
        await Expect(customerRow).ToContainTextAsync("Northwind Distribution の委任管理リレーションシップを通じて操作");
        await Expect(customerRow).ToContainTextAsync("Northwind support for Fabrikam");
        await SaveScreenshotAsync(reseller, "customer-audit");

        // Northwind's audit log shows the same action, naming the customer.
        var provider = await NewPageAsync();
        await provider.GotoAsync("/AuditLog?type=PasswordResetByAdmin");
        await provider.SignInAsync(ProviderAdmin, DemoData.Password);
        await Expect(provider.Heading("Audit log")).ToBeVisibleAsync();
        var providerRow = provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "鈴木 文" });
        await Expect(providerRow).ToHaveCountAsync(1);
        await Expect(providerRow).ToContainTextAsync("佐藤 健");
        await Expect(providerRow).ToContainTextAsync("Fabrikam Reseller 株式会社");
        await SaveScreenshotAsync(provider, "provider-audit");

        // Fumi ends the reseller relationship with Northwind on Partner relationships, after the confirmation that says
        // what ends with it; Ken's next request to Fabrikam's users is refused with the reason.
        await reseller.GotoAsync("/Relationships/Partner");
        await reseller.GetByText("リレーションシップを終了…").ClickAsync();
        await Expect(reseller.GetByText("Northwind Distribution はあなたのプロバイダーではなくなります。")).ToBeVisibleAsync();
        await reseller.GetByRole(AriaRole.Button, new() { Name = "Northwind Distribution とのリレーションシップを終了" }).ClickAsync();
        await Expect(reseller.GetByText("リレーションシップを終了するには、確認のチェックボックスをオンにしてください。")).ToBeVisibleAsync();
        await reseller.GetByText("リレーションシップを終了…").ClickAsync();
        await reseller.GetByLabel("Northwind Distribution とのリレーションシップを終了することを理解しました").CheckAsync();
        await SaveScreenshotAsync(reseller, "end-relationship");
        await reseller.GetByRole(AriaRole.Button, new() { Name = "Northwind Distribution とのリレーションシップを終了" }).ClickAsync();
        await Expect(reseller.GetByText("Northwind Distribution との再販業者リレーションシップを終了しました。")).ToBeVisibleAsync();
        await Expect(reseller.GetByText("リレーションシップを終了…")).ToHaveCountAsync(0);

        await agent.ReloadAsync();
        await Expect(agent.Heading("このページへのアクセス権がありません")).ToBeVisibleAsync();
        await Expect(agent.GetByText("他の組織へのアクセスは、あなたにロールを割り当てた有効な委任管理リレーションシップからのみ得られます。", new() { Exact = false })).ToBeVisibleAsync();
    }
}
