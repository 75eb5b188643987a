using System.Net;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.SecurityInfo;

public sealed class DemoMfaTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task DemoMfaUser_DocumentedAuthenticatorKey_CompletesSignIn()
    {
        var body = await (await factory.CreateClient().PostSessionAsync("morgan.mfa@contoso.example", DemoData.Password)).JsonAsync();
        Assert.True(body.GetProperty("mfaRequired").GetBoolean());
        var client = factory.ApiClientFor(body.GetProperty("token").GetString()!);

        var code = Totp.Compute(Totp.Base32Decode(DemoData.DemoAuthenticatorKey), Totp.TimeStep(factory.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/session/mfa", new { code })).StatusCode);
        var me = await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.Contains("billing", me.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }
}
