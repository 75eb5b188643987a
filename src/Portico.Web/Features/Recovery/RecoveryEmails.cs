using System.Text;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Recovery;

/// <summary>
/// The personalised recovery email: for each account under the address, either a single-use reset link or who can
/// reset the password (Global admins by name, the indirect provider, or support). One message covers a work and a
/// personal account with the same email and says which is which.
/// </summary>
public sealed class RecoveryEmails(IEmailSender sender, IStringLocalizer<SharedResource> t, IConfiguration configuration)
{
    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    public async Task SendAsync(IReadOnlyList<RecoveryPlan> plans, string? requestCulture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        await SendAsync(plans, plans[0].Account.Email!, requestCulture, cancellationToken);

        // Note: a self-service link also goes to the account's verified alternate email, each about its own account only.
        foreach (var plan in plans.Where(p => p.SelfService && p.AlternateEmail is not null))
        {
            await SendAsync([plan], plan.AlternateEmail!, requestCulture, cancellationToken);
        }
    }

    private async Task SendAsync(IReadOnlyList<RecoveryPlan> plans, string to, string? requestCulture, CancellationToken cancellationToken)
    {
        var first = plans[0].Account;
        EmailMessage message;
        using (CultureScope.Use(first.PreferredCulture ?? requestCulture))
        {
            var body = new StringBuilder();
            body.Append(t["Recovery.Email.Greeting", first.DisplayName].Value).Append("\n\n");
            body.Append(t[plans.Count > 1 ? "Recovery.Email.IntroSeveral" : "Recovery.Email.Intro"].Value).Append("\n\n");
            foreach (var plan in plans)
            {
                if (plans.Count > 1)
                {
                    body.Append("■ ").Append(KindLabel(plan.Account)).Append("\n\n");
                }

                body.Append(Section(plan)).Append("\n\n");
            }

            body.Append(t["Recovery.Email.NotYou"].Value).Append("\n\n— Portico");
            message = new EmailMessage(to, t["Recovery.Email.Subject"], body.ToString(), first.DisplayName);
        }

        await sender.SendAsync(message, cancellationToken);
    }

    private string KindLabel(Account account) => account.Kind switch
    {
        AccountKind.Work => t["Recovery.Email.WorkAccount", account.Organization?.DisplayName ?? ""].Value,
        AccountKind.Personal => t["Recovery.Email.PersonalAccount"].Value,
        _ => t["Recovery.Email.StaffAccount"].Value,
    };

    private string Section(RecoveryPlan plan)
    {
        if (plan.SelfService)
        {
            var link = $"{BaseUrl}/SignIn/ResetPassword?token={Uri.EscapeDataString(plan.Link!)}";
            var text = t["Recovery.Email.SelfService", link].Value;
            return plan.NeedsCode ? text + "\n" + t["Recovery.Email.NeedsCode"].Value : text;
        }

        var helpers = plan.Helpers!;
        var lines = new StringBuilder(t[plan.Account.IsBlocked ? "Recovery.Email.Blocked" : "Recovery.Email.NotSelfService"].Value);
        if (helpers.GlobalAdmins.Count > 0)
        {
            lines.Append('\n').Append(t["Recovery.Email.Admins", plan.Account.Organization?.DisplayName ?? ""].Value);
            foreach (var (name, email) in helpers.GlobalAdmins)
            {
                lines.Append("\n  - ").Append(name).Append(email is null ? "" : $" <{email}>");
            }
        }

        if (helpers.Providers.Count > 0)
        {
            lines.Append('\n').Append(t["Recovery.Email.Providers"].Value);
            foreach (var (name, partnerId) in helpers.Providers)
            {
                lines.Append("\n  - ").Append(t["Recovery.Email.Provider", name, partnerId].Value);
            }
        }

        if (helpers.GlobalAdmins.Count == 0 && helpers.Providers.Count == 0)
        {
            var support = $"{BaseUrl}/Support/New?category=password&email={Uri.EscapeDataString(plan.Account.Email ?? "")}";
            lines.Append('\n').Append(t["Recovery.Email.NoAdmin", support].Value);
        }
        else if (!plan.Account.IsBlocked)
        {
            lines.Append('\n').Append(t["Recovery.Email.RegisterLater", BaseUrl + "/Profile/SecurityInfo"].Value);
        }

        return lines.ToString();
    }
}
