using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Data;

namespace Portico.Tests.Users;

public sealed class UsersApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, Guid OrgId)> SignInAsync(string email)
    {
        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync(email, DemoData.Password));
        var me = await (await client.GetAsync("/api/v1/me", Ct)).JsonAsync();
        return (client, me.GetProperty("account").GetProperty("organizationId").GetGuid());
    }

    private static async Task<Guid> CreateUserAsync(HttpClient admin, Guid orgId, string email, params string[] roles)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/users",
            new { email, displayName = email.Split('@')[0], roles = roles.Select(r => new { role = r }) }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("user").GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("やまだ")]
    [InlineData("ﾔﾏﾀﾞ")]
    [InlineData("ヤマダ")]
    [InlineData("山田")]
    [InlineData("Ｔａｎａｋａ")]
    [InlineData("TANAKA")]
    [InlineData("contoso.example")]
    public async Task ListUsers_JapaneseAndWidthForms_FindThePerson(string q)
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");

        var page = await (await admin.GetAsync($"/api/v1/orgs/{orgId}/users?q={Uri.EscapeDataString(q)}", Ct)).JsonAsync();

        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString()).ToList();
        Assert.NotEmpty(names);
        Assert.True(names.Contains("山田 美香") || names.Contains("Taylor Tanaka") || q == "contoso.example", string.Join(", ", names));
    }

    [Fact]
    public async Task ListUsers_WildcardCharacters_AreLiteral()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");

        var page = await (await admin.GetAsync($"/api/v1/orgs/{orgId}/users?q=%25", Ct)).JsonAsync();

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ListUsers_KeysetPaging_VisitsEveryUserOnce()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/orgs/{orgId}/users?limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            var page = await (await admin.GetAsync(url, Ct)).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var expected = await db.Users.CountAsync(a => a.OrganizationId == orgId, Ct);
        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task ListUsers_OtherOrganization_Forbidden()
    {
        var (admin, _) = await SignInAsync("alex.johnson@contoso.example");
        var (_, otherOrg) = await SignInAsync("nora.admin@northwind.example");

        var response = await admin.GetAsync($"/api/v1/orgs/{otherOrg}/users", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GetUser_IdFromAnotherOrganization_NotFound()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var (otherAdmin, otherOrg) = await SignInAsync("nora.admin@northwind.example");
        var foreignUser = await CreateUserAsync(otherAdmin, otherOrg, $"foreign-{Guid.NewGuid():N}@northwind.example");

        var response = await admin.GetAsync($"/api/v1/orgs/{orgId}/users/{foreignUser}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CreateUser_AsGlobalAdmin_ReturnsTemporaryPasswordThatMustBeChanged()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var email = $"new-{Guid.NewGuid():N}@contoso.example";

        var response = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/users",
            new { email, displayName = "New Person", roles = new[] { new { role = Roles.ReferralsUser } } }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var temporary = (await response.JsonAsync()).GetProperty("temporaryPassword").GetString()!;
        var signIn = await factory.CreateClient().PostAsJsonAsync("/api/v1/session", new { email, password = temporary }, Ct);
        Assert.True((await signIn.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        Assert.Single(factory.Outbox.To(email));
    }

    [Fact]
    public async Task CreateUser_UserManagementAdminGrantsGlobalAdmin_ForbiddenAndNothingWritten()
    {
        var (uma, orgId) = await SignInAsync("mika.yamada@contoso.example");
        var email = $"escalate-{Guid.NewGuid():N}@contoso.example";

        var response = await uma.PostAsJsonAsync($"/api/v1/orgs/{orgId}/users",
            new { email, displayName = "Escalation", roles = new[] { new { role = Roles.GlobalAdmin } } }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(GrantErrors.NotGrantable, (await response.JsonAsync()).GetProperty("error").GetString());
        await using var scope = factory.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AnyAsync(a => a.Email == email, Ct));
    }

    [Fact]
    public async Task SetRoles_RemovingRoleFromSignedInUser_TakesEffectOnNextRequest()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var email = $"billing-{Guid.NewGuid():N}@contoso.example";
        var userId = await CreateUserAsync(admin, orgId, email, Roles.UserManagementAdmin);
        var reset = await (await admin.PostAsync($"/api/v1/orgs/{orgId}/users/{userId}/password-reset", null, Ct)).JsonAsync();
        var user = factory.CreateClient();
        user.WithToken(await user.SignInAsync(email, reset.GetProperty("temporaryPassword").GetString()!));
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/v1/me/password",
            new { currentPassword = reset.GetProperty("temporaryPassword").GetString(), newPassword = "marble-orchard-whistle-93" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/api/v1/orgs/{orgId}/users", Ct)).StatusCode);

        var put = await admin.PutAsJsonAsync($"/api/v1/orgs/{orgId}/users/{userId}/roles", new { roles = Array.Empty<object>() }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/v1/orgs/{orgId}/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task SetRoles_StaleConcurrencyStamp_ConflictWithCurrentState()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var userId = await CreateUserAsync(admin, orgId, $"race-{Guid.NewGuid():N}@contoso.example", Roles.ReferralsUser);
        var stamp = (await (await admin.GetAsync($"/api/v1/orgs/{orgId}/users/{userId}", Ct)).JsonAsync()).GetProperty("concurrencyStamp").GetString();

        var first = await admin.PutAsJsonAsync($"/api/v1/orgs/{orgId}/users/{userId}/roles",
            new { roles = new[] { new { role = Roles.IncentivesUser } }, concurrencyStamp = stamp }, Ct);
        var second = await admin.PutAsJsonAsync($"/api/v1/orgs/{orgId}/users/{userId}/roles",
            new { roles = new[] { new { role = Roles.ReportViewer } }, concurrencyStamp = stamp }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = await second.JsonAsync();
        Assert.Equal("concurrency_conflict", body.GetProperty("error").GetString());
        Assert.Equal(Roles.IncentivesUser, body.GetProperty("current").GetProperty("roles")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task SetRoles_GlobalAdminRemovesOwnRole_SelfDemotionRefused()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var me = await (await admin.GetAsync("/api/v1/me", Ct)).JsonAsync();

        var response = await admin.PutAsJsonAsync($"/api/v1/orgs/{orgId}/users/{me.GetProperty("account").GetProperty("id").GetGuid()}/roles",
            new { roles = Array.Empty<object>() }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(GrantErrors.SelfDemotion, (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Block_SignedInUser_NextRequestUnauthorizedAndAudited()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var email = $"blocked-{Guid.NewGuid():N}@contoso.example";
        var userId = await CreateUserAsync(admin, orgId, email);
        var temporary = (await (await admin.PostAsync($"/api/v1/orgs/{orgId}/users/{userId}/password-reset", null, Ct)).JsonAsync())
            .GetProperty("temporaryPassword").GetString()!;
        var user = factory.CreateClient();
        user.WithToken(await user.SignInAsync(email, temporary));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/me", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/orgs/{orgId}/users/{userId}/block", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/me", Ct)).StatusCode);
        var audit = await (await admin.GetAsync($"/api/v1/orgs/{orgId}/audit?type=UserBlocked", Ct)).JsonAsync();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("targetAccountId").GetGuid() == userId);
    }

    [Fact]
    public async Task Delete_GlobalAdminByUserManagementAdmin_ProtectedAndNothingWritten()
    {
        var (uma, orgId) = await SignInAsync("mika.yamada@contoso.example");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var globalAdmin = await db.Users.SingleAsync(a => a.Email == "alex.johnson@contoso.example", Ct);

        var response = await uma.DeleteAsync($"/api/v1/orgs/{orgId}/users/{globalAdmin.Id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(await db.Users.AnyAsync(a => a.Id == globalAdmin.Id, Ct));
    }

    [Fact]
    public async Task PasswordReset_ByUserManagementAdmin_ForbiddenByCapability()
    {
        var (uma, orgId) = await SignInAsync("mika.yamada@contoso.example");
        await using var scope = factory.Scope();
        var target = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(a => a.Email == "sam.lee@contoso.example", Ct);

        var response = await uma.PostAsync($"/api/v1/orgs/{orgId}/users/{target.Id}/password-reset", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PasswordReset_ByGlobalAdmin_EndsSessionsAndEmailsUser()
    {
        var (admin, orgId) = await SignInAsync("alex.johnson@contoso.example");
        var email = $"reset-{Guid.NewGuid():N}@contoso.example";
        var userId = await CreateUserAsync(admin, orgId, email);
        var first = (await (await admin.PostAsync($"/api/v1/orgs/{orgId}/users/{userId}/password-reset", null, Ct)).JsonAsync())
            .GetProperty("temporaryPassword").GetString()!;
        var user = factory.CreateClient();
        user.WithToken(await user.SignInAsync(email, first));

        var second = await admin.PostAsync($"/api/v1/orgs/{orgId}/users/{userId}/password-reset", null, Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Contains(factory.Outbox.To(email), m => m.Subject?.Contains("reset", StringComparison.OrdinalIgnoreCase) == true);
        var audit = await (await admin.GetAsync($"/api/v1/orgs/{orgId}/audit?type=PasswordResetByAdmin", Ct)).JsonAsync();
        var rawDetails = string.Join("\n", audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("details").GetString()));
        Assert.DoesNotContain(first, rawDetails, StringComparison.Ordinal);
    }
}

public sealed class InvitationTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invite_EmailedLinkSetsPasswordOnce_ThenSignInWorks()
    {
        var admin = factory.CreateClient();
        admin.WithToken(await admin.SignInAsync("alex.johnson@contoso.example", DemoData.Password));
        var orgId = (await (await admin.GetAsync("/api/v1/me", Ct)).JsonAsync()).GetProperty("account").GetProperty("organizationId").GetGuid();
        var email = $"invited-{Guid.NewGuid():N}@contoso.example";

        var created = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/users", new { email, displayName = "Invited Person", invite = true }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await created.JsonAsync()).GetProperty("temporaryPassword").ValueKind);
        var mail = factory.Outbox.LatestTo(email)!;
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"http://\S+/SignIn/Invitation\?\S+").Value;
        var path = new Uri(link).PathAndQuery;
        var pages = new Portico.Tests.Pages.PageClient(factory);
        await pages.GetAsync(path);
        Assert.Contains("Invited Person", pages.LastHtml, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        var fields = new Dictionary<string, string> { ["user"] = query["user"]!, ["Token"] = query["token"]!, ["NewPassword"] = "copper-meadow-lantern-58" };

        var accepted = await pages.PostFormAsync(path, fields, path);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsJsonAsync("/api/v1/session", new { email, password = "copper-meadow-lantern-58" }, Ct)).StatusCode);
        var again = await pages.PostFormAsync(path, fields, path);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("not valid", pages.LastHtml, StringComparison.Ordinal);
    }
}
