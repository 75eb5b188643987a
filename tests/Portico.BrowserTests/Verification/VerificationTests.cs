using System.Text;
using System.Text.RegularExpressions;
using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.Verification;

public sealed partial class VerificationTests(PortalBrowser portal) : BrowserTest(portal)
{
    private const string Fumi = "fumi.suzuki@fabrikam.example";
    private const string Victor = "victor.verify@portico.example";

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>
    /// SPEC §8 end to end: Fabrikam's Global admin (Japanese UI) opens Benefits and is told verification is missing,
    /// follows the link, uploads documents (Fix now for the business check, and for the domain check she cannot do in
    /// DNS); Victor (VerificationAgent) finds them in the queue, accepts both in the operator UI, Fumi is emailed and
    /// the Benefits page opens.
    /// </summary>
    /// <remarks>Note: this leaves Fabrikam verified for the rest of the run; no other browser test depends on it.</remarks>
    [Fact]
    public async Task Verification_UnverifiedAdminUploads_AgentAccepts_BenefitsOpen()
    {
        var started = DateTimeOffset.UtcNow;
        var fumi = Page;

        // The denial explains itself and points to Verification.
        await fumi.GotoAsync("/Benefits");
        await Expect(fumi).ToHaveURLAsync(PageExtensions.SignInUrl());
        await fumi.SignInAsync(Fumi, DemoData.Password);
        await Expect(fumi).ToHaveURLAsync(BenefitsDeniedUrl());
        await Expect(fumi.Heading("このページへのアクセス権がありません")).ToBeVisibleAsync();
        var checks = fumi.GetByRole(AriaRole.Region, new() { Name = "確認した項目" });
        await Expect(checks.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "組織の確認がまだ完了していません。" })).ToContainTextAsync("未達:");
        await SaveScreenshotAsync(fumi, "denied");
        await checks.GetByRole(AriaRole.Link, new() { Name = "認証ページで不足している項目を確認する" }).ClickAsync();

        // Verification: the business check asks for action, with its reason explained.
        await Expect(fumi.Heading("法人情報と認証")).ToBeVisibleAsync();
        var business = fumi.GetByRole(AriaRole.Region, new() { Name = "法人の確認 対応が必要" });
        await Expect(business).ToContainTextAsync("書類が読み取れない");
        await Expect(business.GetByRole(AriaRole.Link, new() { Name = "意味と対応方法" })).ToHaveAttributeAsync("href", "/Verification/Responses#document_unreadable");

        var fixNow = fumi.GetByRole(AriaRole.Form, new() { Name = "法人の確認の書類をアップロード" });
        await fixNow.GetByLabel("法人の確認の書類").SetInputFilesAsync(new FilePayload { Name = "登記事項証明書.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await fixNow.GetByLabel("法人の確認へのコメント (任意)").FillAsync("鮮明なスキャンを添付しました。");
        await fixNow.GetByRole(AriaRole.Button, new() { Name = "法人の確認にアップロード" }).ClickAsync();
        await Expect(fumi.GetByRole(AriaRole.Status).Filter(new() { HasText = "書類をアップロードしました。" })).ToBeVisibleAsync();
        await Expect(fumi.GetByRole(AriaRole.Region, new() { Name = "法人の確認 審査待ち" })).ToBeVisibleAsync();

        var domainDocs = fumi.GetByRole(AriaRole.Form, new() { Name = "在籍とドメインの確認の書類をアップロード" });
        await domainDocs.GetByLabel("在籍とドメインの確認の書類").SetInputFilesAsync(new FilePayload { Name = "domain-registration.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await domainDocs.GetByRole(AriaRole.Button, new() { Name = "在籍とドメインの確認にアップロード" }).ClickAsync();
        await Expect(fumi.GetByRole(AriaRole.Region, new() { Name = "在籍とドメインの確認 審査待ち" })).ToBeVisibleAsync();
        await Expect(fumi.GetByRole(AriaRole.Link, new() { Name = "登記事項証明書.pdf" })).ToBeVisibleAsync();
        await SaveScreenshotAsync(fumi, "uploaded");

        // Victor reviews in the operator UI, oldest first.
        var victor = await NewPageAsync(storageState: await Portal.SignedInStateAsync(Victor));
        await victor.GotoAsync("/");
        await victor.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Verification queue" }).ClickAsync();
        await Expect(victor.Heading("Verification queue")).ToBeVisibleAsync();
        await victor.GetByLabel("Organization").FillAsync("Fabrikam");
        await victor.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(victor.GetByRole(AriaRole.Row).Filter(new() { HasText = "Fabrikam" })).ToHaveCountAsync(2);
        await SaveScreenshotAsync(victor, "queue");
        await victor.GetByRole(AriaRole.Link, new() { Name = "Review Business of Fabrikam Reseller 株式会社" }).ClickAsync();

        await Expect(victor.Heading("Verification of Fabrikam Reseller 株式会社")).ToBeVisibleAsync();
        var businessReview = victor.GetByRole(AriaRole.Region, new() { Name = "Business Pending review" });
        await Expect(businessReview).ToContainTextAsync("鮮明なスキャンを添付しました。");
        var download = await victor.RunAndWaitForDownloadAsync(() => businessReview.GetByRole(AriaRole.Link, new() { Name = "登記事項証明書.pdf" }).ClickAsync());
        Assert.Equal("登記事項証明書.pdf", download.SuggestedFilename);

        foreach (var check in new[] { "Business", "Employment and domain" })
        {
            var decision = victor.GetByRole(AriaRole.Form, new() { Name = "Decision on " + check });
            await decision.GetByLabel("Accept", new() { Exact = true }).CheckAsync();
            await decision.GetByRole(AriaRole.Button, new() { Name = "Decide " + check }).ClickAsync();
            await Expect(victor.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Decision saved: {check} — Accepted." })).ToBeVisibleAsync();
        }

        await Expect(victor.GetByText("Verified", new() { Exact = true })).ToBeVisibleAsync();
        await SaveScreenshotAsync(victor, "decided");

        // Fumi is told in Japanese, and Benefits opens.
        var mail = await Portal.Server.Outbox.WaitForAsync(Fumi, started, m => m.Subject?.Contains("法人の確認 — 承認済み", StringComparison.Ordinal) == true);
        Assert.Contains("/Verification", mail.TextBody ?? "", StringComparison.Ordinal);

        var response = await fumi.GotoAsync("/Benefits");
        Assert.Equal(200, response?.Status);
        await Expect(fumi.Heading("特典")).ToBeVisibleAsync();
        await Expect(fumi.GetByRole(AriaRole.Rowheader).Filter(new() { HasText = "製品ライセンス" })).ToBeVisibleAsync();
        await Expect(fumi.GetByRole(AriaRole.Navigation, new() { Name = "メインナビゲーション" }).GetByRole(AriaRole.Link, new() { Name = "特典" })).ToBeVisibleAsync();
        await SaveScreenshotAsync(fumi);
    }

    [GeneratedRegex(@"/AccessDenied\?returnUrl=%2FBenefits&capability=benefits$")]
    private static partial Regex BenefitsDeniedUrl();
}
