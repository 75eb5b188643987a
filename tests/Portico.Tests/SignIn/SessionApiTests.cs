using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.SignIn;

public sealed class SessionApiTests : IClassFixture<DemoPortalFactory>
{
    private readonly DemoPortalFactory factory;

    public SessionApiTests(DemoPortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_WithWorkAccountPassword_ReturnsTokenThatOpensMe()
    {
        var client = factory.CreateClient();
        var token = await client.SignInAsync("alex.johnson@contoso.example", DemoData.Password);

        var me = await client.WithToken(token).GetAsync("/api/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.JsonAsync();
        Assert.Equal("Work", body.GetProperty("account").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task CreateSession_PasswordMatchesWorkAndPersonal_AsksWhichAccount()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/session",
            new { email = DemoData.SharedEmail, password = DemoData.Password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal("account_selection_required", body.GetProperty("error").GetString());
        Assert.Equal(2, body.GetProperty("accounts").GetArrayLength());
    }
}

/// <summary>A portal with the demo organizations seeded.</summary>
public sealed class DemoPortalFactory : PortalFactory
{
    public DemoPortalFactory() => Settings["Portico:DemoData"] = "true";
}
