using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Recovery;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.Recovery;

/// <summary>Helpers for recovery tests: ask for the email as the public form does, read the link from the mailbox.</summary>
internal static partial class RecoveryTestKit
{
    public static async Task<HttpResponseMessage> RequestRecoveryAsync(this PortalFactory factory, string email)
    {
        var response = await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await factory.Services.GetRequiredService<RecoveryRequestChannel>().WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ApiClient.Ct);
        return response;
    }

    public static string Body(this MimeKit.MimeMessage message) => message.TextBody ?? "";

    /// <summary>The token of the reset link in the latest mail to <paramref name="email"/>.</summary>
    public static string LinkToken(this PortalFactory factory, string email)
    {
        var mail = factory.Outbox.LatestTo(email);
        Assert.NotNull(mail);
        var match = LinkPattern().Match(mail.Body());
        Assert.True(match.Success, "no reset link in: " + mail.Body());
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    public static string ResetPath(this PortalFactory factory, string email)
    {
        var mail = factory.Outbox.LatestTo(email)!;
        var match = LinkPattern().Match(mail.Body());
        Assert.True(match.Success, "no reset link in: " + mail.Body());
        return "/SignIn/ResetPassword?token=" + match.Groups[1].Value;
    }

    /// <summary>Registers an authenticator app for the account directly (as a confirmed enrolment leaves it); returns the secret.</summary>
    public static async Task<string> GiveAuthenticatorAsync(this PortalFactory factory, Guid accountId)
    {
        var secret = Totp.NewKey();
        await factory.WithDbAsync(async db =>
        {
            db.SecurityInfo.Add(new AccountSecurityInfo { AccountId = accountId, AuthenticatorKey = secret, AuthenticatorAddedUtc = DateTime.UtcNow });
            var account = await db.Users.SingleAsync(a => a.Id == accountId, ApiClient.Ct);
            account.TwoFactorEnabled = true;
            return await db.SaveChangesAsync(ApiClient.Ct);
        });
        return secret;
    }

    public static async Task SetOrganizationAsync(this PortalFactory factory, Guid organizationId, Action<Organization> change) =>
        await factory.WithDbAsync(async db =>
        {
            change(await db.Organizations.SingleAsync(o => o.Id == organizationId, ApiClient.Ct));
            return await db.SaveChangesAsync(ApiClient.Ct);
        });

    [GeneratedRegex(@"/SignIn/ResetPassword\?token=(\S+)")]
    private static partial Regex LinkPattern();
}
