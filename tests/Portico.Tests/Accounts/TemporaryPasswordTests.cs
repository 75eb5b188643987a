using System.Net;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Accounts;

public sealed class TemporaryPasswordTests : IClassFixture<DemoPortalFactory>
{
    private const string Riley = "riley.new@contoso.example";
    private readonly DemoPortalFactory factory;

    public TemporaryPasswordTests(DemoPortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task TemporaryPassword_UntilChanged_OnlyMeAndPasswordChangeAreOpen()
    {
        var contoso = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var signIn = await factory.CreateClient().PostSessionAsync(Riley, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var session = await signIn.JsonAsync();
        Assert.True(session.GetProperty("mustChangePassword").GetBoolean());
        var client = factory.ApiClientFor(session.GetProperty("token").GetString()!);

        await (await client.GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");
        await (await client.GetAsync("/api/v1/me/sessions", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");
        var me = await client.GetAsync("/api/v1/me", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.True((await me.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());

        var weak = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = DemoData.Password, newPassword = "welcometoportico" });
        await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "password_rejected");
        await (await client.GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");

        var changed = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = DemoData.Password, newPassword = Builders.GoodPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct)).StatusCode);
        Assert.False((await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        var again = await (await factory.CreateClient().PostSessionAsync(Riley, Builders.GoodPassword)).JsonAsync();
        Assert.False(again.GetProperty("mustChangePassword").GetBoolean());
    }
}
