using System.Text.RegularExpressions;
using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.Access;

public sealed partial class AccessRequestTests(PortalBrowser portal) : BrowserTest(portal)
{
    private const string Member = DemoData.SharedEmail;
    private const string Admin = "alex.johnson@contoso.example";
    private const string Reason = "I onboard new partner contacts and need to look up who already has an account.";

    /// <summary>
    /// SPEC §1 "no dead ends" and §6: Taylor (Referrals user) opens User management, is told why not and by whom it can
    /// be granted, asks for it; Alex (Global admin) follows the emailed link and approves; Taylor's next page load opens it.
    /// </summary>
    /// <remarks>
    /// <para>Note: <c>users</c> is asked for rather than <c>audit</c>: only Global admin opens the audit log, so approving
    /// that would hand out Global admin; for <c>users</c> one click grants the narrowest role, User management admin.</para>
    /// <para>Note: this leaves Taylor's work account with User management admin for the rest of the run (one server and
    /// database per run); no other browser test depends on Taylor's roles.</para>
    /// </remarks>
    [Fact]
    public async Task AccessRequest_UserMeetsExplainedDenial_AdminApprovesInBrowser()
    {
        var started = DateTimeOffset.UtcNow;
        var member = Page;

        // Taylor follows a link to User management and signs in to the work account on the way.
        await member.GotoAsync("/Users");
        await Expect(member).ToHaveURLAsync(PageExtensions.SignInUrl());
        await member.SignInAsync(Member, DemoData.Password);
        await Expect(member.Heading("Choose an account")).ToBeVisibleAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Work account — Contoso Cloud Solutions" }).ClickAsync();

        // The denial explains itself: what was checked, which roles open it, who can grant one.
        await Expect(member).ToHaveURLAsync(AccessDeniedUrl());
        var response = await member.ReloadAsync();
        Assert.Equal(403, response?.Status);
        await Expect(member.Heading("You don't have access to this page")).ToBeVisibleAsync();
        await Expect(member.GetByText("The page needs access to the user list.")).ToBeVisibleAsync();

        var checks = member.GetByRole(AriaRole.Region, new() { Name = "What was checked" });
        await Expect(checks.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "None of your roles opens it." }))
            .ToContainTextAsync("Not met:");
        await Expect(checks.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "You are a member of the organization." }))
            .ToContainTextAsync("Passed:");

        var roles = member.GetByRole(AriaRole.Region, new() { Name = "Roles that open it" });
        await Expect(roles.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "User management admin" })).ToHaveCountAsync(1);
        await Expect(roles.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Global admin" })).ToHaveCountAsync(1);

        var grantors = member.GetByRole(AriaRole.Region, new() { Name = "Who can grant you a role" });
        await Expect(grantors.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Alex Johnson" })).ToHaveTextAsync("Alex Johnson (Global admin)");
        await Expect(grantors.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Taylor Tanaka" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync(member, "denied");

        // The same explanation in Japanese, for a browser that asks for it.
        var japanese = await NewPageAsync(locale: "ja-JP", storageState: await member.Context.StorageStateAsync());
        await japanese.GotoAsync("/Users");
        await Expect(japanese.Heading("このページへのアクセス権がありません")).ToBeVisibleAsync();
        await Expect(japanese.GetByText("このページを開くには「ユーザー一覧」へのアクセス権が必要です。", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(japanese.GetByRole(AriaRole.Region, new() { Name = "ロールを付与できるメンバー" }).GetByText("Alex Johnson")).ToBeVisibleAsync();
        await Expect(japanese.GetByRole(AriaRole.Button, new() { Name = "アクセスを申請", Exact = true })).ToBeVisibleAsync();
        await SaveScreenshotAsync(japanese, "denied-ja");

        // Taylor asks, with a reason, and lands on My access with the request waiting.
        await grantors.GetByLabel("Reason (optional)").FillAsync(Reason);
        await grantors.GetByRole(AriaRole.Button, new() { Name = "Request access", Exact = true }).ClickAsync();

        await Expect(member.Heading("My access")).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your request was sent." }))
            .ToHaveTextAsync("Your request was sent. The people who can grant it were emailed.");
        var myRequests = member.GetByRole(AriaRole.Region, new() { Name = "Your requests" });
        await Expect(myRequests.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["the user list — Waiting for a decision"]);

        // Alex reads the notification and follows its link in a browser of their own.
        var notification = await Portal.Server.Outbox.WaitForAsync(Admin, started,
            m => m.Subject == "Taylor Tanaka asks for access: the user list");
        Assert.Contains(Reason, notification.TextBody, StringComparison.Ordinal);
        var link = Assert.Single(Outbox.Links(notification));
        Assert.Equal(new Uri(Portal.BaseUrl, "/Access/Requests"), link);

        // Every grantor is told, each in their own language.
        var japaneseNotification = await Portal.Server.Outbox.WaitForAsync("mika.yamada@contoso.example", started,
            m => m.Subject == "Taylor Tanaka さんからのアクセス申請: ユーザー一覧");
        Assert.Contains(Reason, japaneseNotification.TextBody, StringComparison.Ordinal);

        var admin = await NewPageAsync(storageState: await Portal.SignedInStateAsync(Admin));
        await admin.GotoAsync(link.ToString());
        await Expect(admin.Heading("Access requests")).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { Has = admin.GetByRole(AriaRole.Rowheader, new() { Name = "Taylor Tanaka" }) });
        await Expect(row).ToContainTextAsync("the user list");
        await Expect(row).ToContainTextAsync("Approving grants: User management admin");
        await Expect(row).ToContainTextAsync(Reason);
        await SaveScreenshotAsync(admin, "approval");

        await row.GetByRole(AriaRole.Button, new() { Name = "Approve the request of Taylor Tanaka", Exact = true }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Approved." }))
            .ToHaveTextAsync("Approved. The role applies from the requester's next request.");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Approve the request of Taylor Tanaka" })).ToHaveCountAsync(0);
        await Expect(admin.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Taylor Tanaka" }))
            .ToHaveTextAsync("Taylor Tanaka — the user list — Approved");
        await SaveScreenshotAsync(admin, "approved");

        // Taylor's very next page load opens User management (no sign-out needed), and My access shows the new role.
        response = await member.GotoAsync("/Users");
        Assert.Equal(200, response?.Status);
        await Expect(member.Heading("User management")).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })
            .GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();

        await member.GotoAsync("/Access");
        var myRoles = member.GetByRole(AriaRole.Region, new() { Name = "Your roles" }).GetByRole(AriaRole.Listitem);
        await Expect(myRoles).ToHaveCountAsync(2);
        await Expect(myRoles.Filter(new() { HasText = "Referrals user" })).ToHaveCountAsync(1);
        await Expect(myRoles.Filter(new() { HasText = "User management admin" })).ToHaveCountAsync(1);
        await Expect(member.GetByRole(AriaRole.Region, new() { Name = "Your requests" }).GetByRole(AriaRole.Listitem))
            .ToHaveTextAsync(["the user list — Approved"]);

        // And Taylor was told by email, with a link back to My access.
        var outcome = await Portal.Server.Outbox.WaitForAsync(Member, started, m => m.Subject == "Access granted: the user list (role: User management admin)");
        Assert.Contains("Alex Johnson approved your request.", outcome.TextBody, StringComparison.Ordinal);
        Assert.Equal(new Uri(Portal.BaseUrl, "/Access"), Assert.Single(Outbox.Links(outcome)));
        await SaveScreenshotAsync(member);
    }

    [GeneratedRegex(@"/AccessDenied\?returnUrl=%2FUsers&capability=users$")]
    private static partial Regex AccessDeniedUrl();
}
