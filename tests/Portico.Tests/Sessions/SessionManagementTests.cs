using System.Net;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;

namespace Portico.Tests.Sessions;

public sealed class SessionManagementTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;

    public SessionManagementTests(PortalFactory factory) => this.factory = factory;

    private async Task<(string Email, Guid OrganizationId)> AnAccountAsync()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Sess Ion");
        return (account.Email!, org.Organization.Id);
    }

    [Fact]
    public async Task ListSessions_TwoSignIns_ListsBothAndMarksCurrent()
    {
        var (email, _) = await AnAccountAsync();
        var first = await factory.CreateClient().SignInAsync(email, Builders.GoodPassword);
        var second = await factory.CreateClient().SignInAsync(email, Builders.GoodPassword);

        var response = await factory.ApiClientFor(second).GetAsync("/api/v1/me/sessions", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessions = (await response.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.All(sessions, s => Assert.Equal("Api", s.GetProperty("client").GetString()));
        Assert.DoesNotContain(first, await response.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndSession_OtherSession_ItsTokenIsRefusedOnNextRequest()
    {
        var (email, _) = await AnAccountAsync();
        var doomed = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var keeper = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        Assert.Equal(HttpStatusCode.OK, (await doomed.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
        var sessions = (await (await keeper.GetAsync("/api/v1/me/sessions", ApiClient.Ct)).JsonAsync()).EnumerateArray();
        var other = sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        var ended = await keeper.DeleteAsync($"/api/v1/me/sessions/{other}", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        var refused = await doomed.GetAsync("/api/v1/me", ApiClient.Ct);
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, (await keeper.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SessionEnded && e.Details!.Contains(other.ToString()), ApiClient.Ct)));
    }

    [Fact]
    public async Task EndSession_SomeoneElsesSession_AnswersNotFoundAndLeavesItOpen()
    {
        var (mine, _) = await AnAccountAsync();
        var (theirs, _) = await AnAccountAsync();
        var me = factory.ApiClientFor(await factory.CreateClient().SignInAsync(mine, Builders.GoodPassword));
        var them = factory.ApiClientFor(await factory.CreateClient().SignInAsync(theirs, Builders.GoodPassword));
        var theirSession = (await (await them.GetAsync("/api/v1/me/sessions", ApiClient.Ct)).JsonAsync()).EnumerateArray().Single().GetProperty("id").GetGuid();

        var response = await me.DeleteAsync($"/api/v1/me/sessions/{theirSession}", ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await them.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_EndsOtherSessionsAndKeepsCurrent()
    {
        var (email, _) = await AnAccountAsync();
        var other = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var browser = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var current = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        var response = await current.PostJsonAsync("/api/v1/me/password", new { currentPassword = Builders.GoodPassword, newPassword = Builders.OtherGoodPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await other.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
        await (await browser.GetAsync("/api/v1/me/sessions", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
        Assert.Single((await (await current.GetAsync("/api/v1/me/sessions", ApiClient.Ct)).JsonAsync()).EnumerateArray());

        await (await factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(email, Builders.OtherGoodPassword)).StatusCode);

        Assert.Contains(factory.Outbox.To(email), m => m.Subject == "Your Portico password was changed");
        var account = await factory.AccountAsync(email);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Type == AuditEventType.PasswordChanged && e.TargetAccountId == account.Id, ApiClient.Ct));
        Assert.Contains("\"otherSessionsEnded\":2", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Builders.OtherGoodPassword, audit.Details, StringComparison.Ordinal);
        var endReasons = await factory.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == account.Id && s.EndedUtc != null).Select(s => s.EndReason).ToListAsync(ApiClient.Ct));
        Assert.Equal([SessionEndReason.PasswordChanged, SessionEndReason.PasswordChanged], endReasons);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_ChangesNothing()
    {
        var (email, _) = await AnAccountAsync();
        var other = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var current = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        var response = await current.PostJsonAsync("/api/v1/me/password", new { currentPassword = "not-my-password-at-all", newPassword = Builders.OtherGoodPassword });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword)).StatusCode);
    }

    [Fact]
    public async Task DeleteSession_SignsOut_TokenRefusedAfterwards()
    {
        var (email, _) = await AnAccountAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        var response = await client.DeleteAsync("/api/v1/session", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
        await (await client.DeleteAsync("/api/v1/session", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
        var account = await factory.AccountAsync(email);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SignedOut && e.TargetAccountId == account.Id, ApiClient.Ct)));
    }

    [Theory]
    [InlineData("Bearer not-a-real-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWxleDpwYXNzd29yZA==")]
    public async Task Me_InvalidOrMissingToken_Answers401(string authorization)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }

    [Fact]
    public async Task Me_BlockedAfterSignIn_RefusedOnNextRequest()
    {
        var (email, _) = await AnAccountAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        await factory.UpdateAccountAsync(email, a => a.IsBlocked = true);

        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }

    [Fact]
    public async Task Me_SessionIdleLongerThanTimeout_IsRefused()
    {
        var (email, _) = await AnAccountAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        factory.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }
}
