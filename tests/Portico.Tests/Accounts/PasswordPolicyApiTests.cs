using System.Net;
using Portico.Tests.Infrastructure;

namespace Portico.Tests.Accounts;

public sealed class PasswordPolicyApiTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;

    public PasswordPolicyApiTests(PortalFactory factory) => this.factory = factory;

    [Theory]
    [InlineData("short-but-ok-1", "too_short")]
    [InlineData("passwordpassword", "common")]
    [InlineData("welcometoportico2026!", "common")]
    [InlineData("morgan-harbor-lantern-quietly", "contains_personal_info")]
    [InlineData("fabrikamtoys-lantern-quietly-47", "contains_personal_info")]
    [InlineData(Builders.GoodPassword, "same_as_current")]
    public async Task ChangePassword_RejectedPassword_Answers400WithReasonCodes(string newPassword, string reason)
    {
        var org = await factory.AnOrganizationAsync("Fabrikam Toys " + Guid.NewGuid().ToString("N")[..6]);
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Morgan Example");
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword));
        var before = (await factory.AccountAsync(account.Email!)).PasswordHash;

        var response = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = Builders.GoodPassword, newPassword });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password_rejected");
        var reasons = problem.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, r => r.GetProperty("code").GetString() == reason);
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("message").GetString())));
        Assert.Equal(before, (await factory.AccountAsync(account.Email!)).PasswordHash);
    }

    [Fact]
    public async Task ChangePassword_RejectedInJapanese_ExplainsInJapanese()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var response = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = Builders.GoodPassword, newPassword = "short" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password_rejected");
        var message = problem.GetProperty("reasons")[0].GetProperty("message").GetString()!;
        Assert.Contains(message, c => c is >= '\u3040' and <= '\u9fff');
    }

    [Fact]
    public async Task PersonalSignUp_WeakPassword_Answers400AndSendsNothing()
    {
        var email = Builders.UniqueEmail("weak");
        var before = await factory.CountsAsync();

        var response = await factory.CreateClient().PostJsonAsync("/api/v1/personal-accounts", new { email, password = "passwordpassword", displayName = "Weak Person" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password_rejected");
        Assert.Contains(problem.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "common");
        Assert.Equal(before, await factory.CountsAsync());
        Assert.Empty(factory.Outbox.To(email));
    }
}
