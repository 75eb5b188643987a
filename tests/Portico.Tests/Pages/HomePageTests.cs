using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Relationships;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Features.Shared;
using Portico.Web.Features.Support;
using Portico.Web.Features.Verification;

namespace Portico.Tests.Pages;

/// <remarks>Note: the class fixture is a demo portal of this class's own; these tests change what waits for the demo users.</remarks>
public sealed partial class HomePageTests(PagesPortalFactory factory) : IClassFixture<PagesPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> HomeAsync(string email, bool mfa = false)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, DemoData.Password);
        if (mfa)
        {
            await factory.MarkMfaAsync(email);
        }

        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static string Navigation(string html) => NavigationBlock().Match(html).Value;

    private static List<string> GroupLabels(string html) =>
        [.. GroupLabel().Matches(Navigation(html)).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [Fact]
    public async Task Home_GlobalAdmin_GroupsTheMenuIntoWorkspacesInOrder()
    {
        var client = await HomeAsync("alex.johnson@contoso.example");

        Assert.Equal(["Account settings", "Partnerships", "Programs", "Marketplace and apps", "Help and support", "You"], GroupLabels(client.LastHtml));
        var nav = Navigation(client.LastHtml);
        Assert.Contains("href=\"/Users\"", nav, StringComparison.Ordinal);
        Assert.Contains("href=\"/Apps\"", nav, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Operator/Support\"", nav, StringComparison.Ordinal);

        // Note: the workspaces repeat the menu's groups (not "You") with a line on what each page is for.
        Assert.Contains("Add people, assign roles, reset passwords, block or remove accounts.", client.LastHtml, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(client.LastHtml, "href=\"/Users\""));
        Assert.Equal(1, Regex.Count(client.LastHtml, "href=\"/Profile/Sessions\""));
        Assert.Contains("href=\"/Access\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ReportViewer_ShowsOnlyTheGroupsTheirRolesOpen()
    {
        var client = await HomeAsync("noah.becker@contoso.example");

        Assert.Equal(["Account settings", "Programs", "Help and support", "You"], GroupLabels(client.LastHtml));
        Assert.Contains("href=\"/Insights\"", Navigation(client.LastHtml), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Users\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Don&#x27;t see what you expected?", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_SupportAgent_ShowsVendorOperationsAndTheQueueCount()
    {
        int open;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            open = await db.SupportRequests.CountAsync(r => r.Status == SupportRequestStatus.New || r.Status == SupportRequestStatus.Open, Ct);
        }

        var client = await HomeAsync("sasha.support@portico.example");

        Assert.Equal(["Vendor operations", "You"], GroupLabels(client.LastHtml));
        Assert.True(open > 0);
        Assert.Contains($"Support requests new or open in the queue: {open}.", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Operator/Support\">Open</a>", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_VerificationActionRequired_ToldOnlyToThoseWhoCanFixIt()
    {
        var admin = await HomeAsync("fumi.suzuki@fabrikam.example");
        var salesAgent = await HomeAsync("jun.ito@fabrikam.example");

        Assert.Contains("対応が必要な認証チェック: 1 件。 <a href=\"/Verification\">今すぐ対応</a>", admin.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("対応が必要な認証チェック", salesAgent.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_SupportRequestWaitingOnRequester_TellsThemToReply()
    {
        var client = await HomeAsync("sam.lee@contoso.example");

        Assert.Contains("Support requests waiting for your reply: 1. <a href=\"/Support\">Reply</a>", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_PendingAccessRequest_ShownToGrantorAndRequester()
    {
        Guid orgId;
        await using (var scope = factory.Scope())
        {
            orgId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organizations.Where(o => o.DisplayName == "Contoso Cloud Solutions").Select(o => o.Id).SingleAsync(Ct);
        }

        var requester = factory.ApiClientFor(await factory.CreateClient().SignInAsync("erin.walsh@contoso.example", DemoData.Password));
        var created = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, capability = "referrals", reason = "Pipeline review" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var grantor = await HomeAsync("alex.johnson@contoso.example");
        var own = await HomeAsync("erin.walsh@contoso.example");
        var bystander = await HomeAsync("noah.becker@contoso.example");

        Assert.Matches("Access requests waiting for your decision: [1-9]\\d*\\. <a href=\"/Access/Requests\">Review</a>", grantor.LastHtml);
        Assert.Contains("Your access requests not decided yet: 1. <a href=\"/Access\">Open</a>", own.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Access requests waiting for your decision", bystander.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_DelegatedAdminEndingWithin30Days_ShownToProviderOnly()
    {
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var relationship = await db.DelegatedAdminRelationships.FirstAsync(r => r.Status == DelegatedAdminRelationshipStatus.Active, Ct);
            relationship.AutoExtend = false;
            relationship.EndsAt = DateTimeOffset.UtcNow.AddDays(12);
            await db.SaveChangesAsync(Ct);
        }

        var provider = await HomeAsync("nora.admin@northwind.example", mfa: true);
        var customer = await HomeAsync("fumi.suzuki@fabrikam.example");

        Assert.Matches("Delegated-admin relationships ending within 30 days \\(no auto-extend\\): [1-9]\\d*\\. <a href=\"/Relationships/Admin\">Open</a>", provider.LastHtml);
        Assert.DoesNotContain("30 日以内に終了する", customer.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_GlobalAdminWithoutMfa_ShowsSensitivePagesMarkedAndTheDenialLinksToSecurityInfo()
    {
        var client = await HomeAsync("nora.admin@northwind.example");

        Assert.Matches("href=\"/Customers\">Customers</a>\\s*<span class=\"needs-mfa\"> \\(needs MFA\\)</span>", Navigation(client.LastHtml));
        Assert.Contains("href=\"/Relationships/Partner\">Partner relationships</a></li>", Navigation(client.LastHtml), StringComparison.Ordinal);
        Assert.DoesNotContain("Delegated-admin relationships ending", client.LastHtml, StringComparison.Ordinal);

        var customers = await client.GetAsync("/Customers");
        Assert.Equal(HttpStatusCode.Redirect, customers.StatusCode);
        await client.GetAsync(customers.Headers.Location!.OriginalString);

        Assert.Contains("This needs multi-factor authentication in this session.", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Profile/SecurityInfo?returnUrl=%2FCustomers\">Add an authenticator app in Security info", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MfaDenial_FixLink_AddsAnAuthenticatorAndReturnsToThePage()
    {
        var org = await factory.AnOrganizationAsync();
        var admin = await factory.AWorkAccountAsync(org.Organization.Id, roles: [Roles.GlobalAdmin]);
        var client = new PageClient(factory);
        await client.SignInAsync(admin.Email!, Builders.GoodPassword);
        var billing = await client.GetAsync("/Billing");
        await client.GetAsync(billing.Headers.Location!.OriginalString);
        Assert.Contains("<a href=\"/Profile/SecurityInfo?returnUrl=%2FBilling\">Add an authenticator app", client.LastHtml, StringComparison.Ordinal);

        const string page = "/Profile/SecurityInfo?returnUrl=%2FBilling";
        var added = await client.PostFormAsync(page, [], "/Profile/SecurityInfo?handler=AddAuthenticator&returnUrl=%2FBilling");
        Assert.Equal(page, added.Headers.Location!.OriginalString);
        await client.GetAsync(page);
        Assert.Contains("you go back to the page you were opening", client.LastHtml, StringComparison.Ordinal);
        var secret = Regex.Match(client.LastHtml, "data-testid=\"authenticator-secret\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var code = Totp.Compute(Totp.Base32Decode(secret), Totp.TimeStep(factory.Time.GetUtcNow()));
        var confirmed = await client.PostFormAsync(page, [new("Code", code)], "/Profile/SecurityInfo?handler=ConfirmAuthenticator&returnUrl=%2FBilling");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/Billing", confirmed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Billing")).StatusCode);
        Assert.Contains("Multi-factor authentication is complete for this session.", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecurityInfo_ReturnUrlElsewhere_IsIgnored()
    {
        var client = await HomeAsync("alex.johnson@contoso.example");

        await client.GetAsync("/Profile/SecurityInfo?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.DoesNotContain("you go back to the page you were opening", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("action=\"/Profile/SecurityInfo?handler=AddAuthenticator\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_AfterMfa_SensitivePagesAreNotMarked()
    {
        var client = await HomeAsync("nora.admin@northwind.example", mfa: true);

        Assert.Contains("href=\"/Customers\">Customers</a></li>", Navigation(client.LastHtml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_OperatorVerificationQueue_CountsPendingChecks()
    {
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var org = await factory.AnOrganizationAsync();
            db.VerificationChecks.Add(new VerificationCheck
            {
                OrganizationId = org.Organization.Id, Kind = VerificationCheckKind.Business, Status = VerificationCheckStatus.Pending,
                LegalName = "Home Test KK", UpdatedUtc = DateTime.UtcNow, SubmittedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        var client = await HomeAsync("victor.verify@portico.example");

        Assert.Matches("Verification checks waiting for review: [1-9]\\d*\\. <a href=\"/Operator/Verification\">Review</a>", client.LastHtml);
    }

    [Fact]
    public async Task Home_GlobalAdminWithAMetDesignation_IsToldToApply()
    {
        // Note: the demo data leaves Contoso's Modern Work designation met but not applied for.
        var client = await HomeAsync("alex.johnson@contoso.example");

        Assert.Matches("Designations you can apply for or renew: [1-9]\\d*\\. <a href=\"/Designations\">Apply</a>", client.LastHtml);
    }

    [Fact]
    public async Task Home_OperatorAdmin_SeesOpenIncentiveDisputes()
    {
        var open = await factory.WithDbAsync(db => db.EarningDisputes.CountAsync(d => d.Status == DisputeStatus.Open, Ct));

        var client = await HomeAsync("olivia.ops@portico.example");

        Assert.True(open > 0);
        Assert.Contains($"Incentive disputes waiting for the vendor: {open}. <a href=\"/Operator/Incentives/Disputes\">Review</a>", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Menu_EveryGroupEntryAndHint_ExistsInBothLanguages()
    {
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(LayoutModel).Assembly);
        var keys = LayoutModel.Groups.All
            .Concat(LayoutModel.Entries.SelectMany(e => new[] { e.Label, LayoutModel.HintOf(e.Label) }))
            .ToList();

        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());

        Assert.All(LayoutModel.Entries, e => Assert.Contains(e.Group, LayoutModel.Groups.All));
        Assert.Equal(LayoutModel.Entries.Count, LayoutModel.Entries.Select(e => e.Url).Distinct().Count());
    }

    [GeneratedRegex("<nav class=\"side-nav\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex NavigationBlock();

    [GeneratedRegex("<p class=\"nav-group-label\"[^>]*>([^<]*)</p>")]
    private static partial Regex GroupLabel();
}
