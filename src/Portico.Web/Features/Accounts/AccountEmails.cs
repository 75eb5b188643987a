using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Accounts;

/// <summary>
/// Account emails, each rendered in its recipient's language. The detailed "why" of a public answer goes here,
/// to the mailbox owner, never into the HTTP response.
/// </summary>
public sealed class AccountEmails(IEmailSender sender, NoticeMailChannel notices, IStringLocalizer<SharedResource> t, IConfiguration configuration)
{
    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>
    /// Queues the lockout notice: it is sent off the request (<see cref="NoticeMailChannel"/>), so a sign-in answer that
    /// locked an account takes as long as any other failure.
    /// </summary>
    public void QueueLockedOut(Account account, DateTime lockedUntilUtc)
    {
        ArgumentNullException.ThrowIfNull(account);
        notices.Enqueue(Render(account.Email!, account.DisplayName, account.PreferredCulture, "Email.LockedOut",
            account.DisplayName, lockedUntilUtc.ToString("u", CultureInfo.InvariantCulture), BaseUrl + "/SignIn/Help", ""));
    }

    public Task SendSignUpCodeAsync(string email, string displayName, string code, string? culture, CancellationToken cancellationToken) =>
        SendAsync(email, displayName, culture, "Email.SignUpCode", displayName, code, BaseUrl + "/SignUp/Verify", cancellationToken);

    public Task SendAlreadyRegisteredAsync(string email, string? culture, CancellationToken cancellationToken) =>
        SendAsync(email, null, culture, "Email.AlreadyRegistered", email, BaseUrl + "/SignIn", BaseUrl + "/SignIn/Help", cancellationToken);

    public Task SendPasswordChangedAsync(Account account, CancellationToken cancellationToken) =>
        SendAsync(account.Email!, account.DisplayName, account.PreferredCulture, "Email.PasswordChanged",
            account.DisplayName, BaseUrl + "/SignIn/Help", "", cancellationToken);

    public Task SendPasswordResetByAdminAsync(Account account, string adminName, CancellationToken cancellationToken) =>
        SendAsync(account.Email!, account.DisplayName, account.PreferredCulture, "Email.PasswordResetByAdmin",
            account.DisplayName, adminName, BaseUrl + "/SignIn", cancellationToken);

    public Task SendInvitationAsync(Account account, string organizationName, string inviterName, string token, CancellationToken cancellationToken) =>
        SendAsync(account.Email!, account.DisplayName, account.PreferredCulture, "Email.Invitation",
            account.DisplayName, organizationName,
            $"{BaseUrl}/SignIn/Invitation?user={account.Id}&token={Uri.EscapeDataString(token)}", cancellationToken, inviterName);

    public Task SendWelcomeAsync(Account account, string organizationName, CancellationToken cancellationToken) =>
        SendAsync(account.Email!, account.DisplayName, account.PreferredCulture, "Email.Welcome",
            account.DisplayName, organizationName, BaseUrl + "/SignIn", cancellationToken);

    /// <summary>Tells the owner that security info changed (<paramref name="change"/> names a <c>SecurityInfo.Change.*</c> string).</summary>
    public Task SendSecurityInfoChangedAsync(Account account, string change, CancellationToken cancellationToken)
    {
        string what;
        using (CultureScope.Use(account.PreferredCulture))
        {
            what = t["SecurityInfo.Change." + change].Value;
        }

        return SendAsync(account.Email!, account.DisplayName, account.PreferredCulture, "Email.SecurityInfoChanged",
            account.DisplayName, what, BaseUrl + "/Profile/SecurityInfo", cancellationToken, BaseUrl + "/SignIn/Recover");
    }

    /// <summary>The code that verifies a new alternate email, sent to that address.</summary>
    public Task SendAlternateEmailCodeAsync(Account account, string alternateEmail, string code, CancellationToken cancellationToken) =>
        SendAsync(alternateEmail, account.DisplayName, account.PreferredCulture, "Email.AlternateEmailCode",
            account.DisplayName, code, account.Email ?? "", cancellationToken);

    private Task SendAsync(string to, string? toName, string? culture, string key, string arg0, string arg1, string arg2, CancellationToken cancellationToken, string arg3 = "") =>
        sender.SendAsync(Render(to, toName, culture, key, arg0, arg1, arg2, arg3), cancellationToken);

    private EmailMessage Render(string to, string? toName, string? culture, string key, string arg0, string arg1, string arg2, string arg3)
    {
        using (CultureScope.Use(culture))
        {
            return new EmailMessage(to, t[key + ".Subject", arg1], t[key + ".Body", arg0, arg1, arg2, arg3], toName);
        }
    }
}
