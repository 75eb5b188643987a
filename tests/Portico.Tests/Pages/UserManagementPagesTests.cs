using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Web.Data;

namespace Portico.Tests.Pages;

public sealed class UserManagementPagesTests(PagesPortalFactory factory) : IClassFixture<PagesPortalFactory>
{
    private async Task<PageClient> SignedInAsync(string email)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    private async Task<Guid> AccountIdAsync(string email)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users
            .Where(a => a.Email == email && a.Kind == Portico.Web.Features.Accounts.AccountKind.Work)
            .Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UsersPage_SearchHalfWidthKana_FindsKanjiName()
    {
        var admin = await SignedInAsync("alex.johnson@contoso.example");

        var response = await admin.GetAsync("/Users?q=" + Uri.EscapeDataString("ﾔﾏﾀﾞ"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("山田 美香", admin.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Johnson</a>", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUser_AsUserManagementAdmin_OffersOnlyGrantableRolesAndShowsPasswordOnce()
    {
        var uma = await SignedInAsync("mika.yamada@contoso.example");
        await uma.GetAsync("/Users/Add");
        Assert.Contains("name=\"Roles[BillingAdmin]\"", uma.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Roles[GlobalAdmin]\"", uma.LastHtml, StringComparison.Ordinal);
        var email = $"page-{Guid.NewGuid():N}@contoso.example";

        var response = await uma.PostFormAsync("/Users/Add",
        [
            new("Input.DisplayName", "Page Person"), new("Input.Email", email), new("Roles[BillingAdmin]", "org"),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"secret\"", uma.LastHtml, StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Include(a => a.RoleAssignments)
            .SingleAsync(a => a.Email == email, TestContext.Current.CancellationToken);
        Assert.Equal("BillingAdmin", Assert.Single(created.RoleAssignments).Role);
        Assert.True(created.MustChangePassword);
    }

    [Fact]
    public async Task EditUser_WhyCantTheySee_ShowsTheDecisionTree()
    {
        var admin = await SignedInAsync("alex.johnson@contoso.example");
        var taylor = await AccountIdAsync("taylor.tanaka@contoso.example");

        var response = await admin.GetAsync($"/Users/Edit/{taylor}?explain=audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("check-failed", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Global admin", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditUser_BlockFromPage_EndsTheUsersSession()
    {
        var admin = await SignedInAsync("alex.johnson@contoso.example");
        var samId = await AccountIdAsync("sam.lee@contoso.example");
        var sam = await SignedInAsync("sam.lee@contoso.example");
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/")).StatusCode);

        var blocked = await admin.PostFormAsync($"/Users/Edit/{samId}", [], $"/Users/Edit/{samId}?handler=Block");

        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sam.GetAsync("/")).StatusCode);
        var unblocked = await admin.PostFormAsync($"/Users/Edit/{samId}", [], $"/Users/Edit/{samId}?handler=Unblock");
        Assert.Equal(HttpStatusCode.Redirect, unblocked.StatusCode);
    }
}
