using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Verification;

/// <summary>Verification emails, each in its recipient's language: the ownership link, and every agent decision.</summary>
public sealed class VerificationEmails(IEmailSender sender, IStringLocalizer<SharedResource> t, IConfiguration configuration, AppDbContext db)
{
    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    public async Task SendOwnershipLinkAsync(string email, string organizationName, Guid organizationId, string token, DateTime expiresUtc, string? culture, CancellationToken cancellationToken)
    {
        var link = $"{BaseUrl}/Verification/Confirm?org={organizationId}&token={Uri.EscapeDataString(token)}";
        EmailMessage message;
        using (CultureScope.Use(culture))
        {
            message = new EmailMessage(email,
                t["Email.VerificationLink.Subject", organizationName],
                t["Email.VerificationLink.Body", organizationName, link, expiresUtc.ToString("u", CultureInfo.InvariantCulture)]);
        }

        await sender.SendAsync(message, cancellationToken);
    }

    /// <summary>Tells every verification admin of the organization (the roles that open <c>verification</c>) about a decision.</summary>
    public async Task SendDecisionAsync(
        Guid organizationId, string organizationName, VerificationCheckKind kind, VerificationCheckStatus decision, string? reasonCode, string? agentMessage, CancellationToken cancellationToken)
    {
        var roles = AccessCatalog.RolesOpening[Capabilities.Verification];
        var recipients = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && r.LocationId == null && roles.Contains(r.Role))
            .Join(db.Users.Where(a => !a.IsBlocked && a.Kind == AccountKind.Work && a.Email != null), r => r.AccountId, a => a.Id,
                (r, a) => new { a.Id, a.Email, a.DisplayName, a.PreferredCulture })
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var recipient in recipients.DistinctBy(r => r.Id))
        {
            EmailMessage message;
            using (CultureScope.Use(recipient.PreferredCulture))
            {
                var check = t["VerificationCheck." + VerificationService.Id(kind)].Value;
                var outcome = t["VerificationCheckStatus." + decision].Value;
                var reason = reasonCode is null
                    ? ""
                    : t["Email.VerificationDecision.Reason", t[$"VerificationReason.{reasonCode}.Title"].Value, BaseUrl + VerificationReasons.HelpUrl(reasonCode)].Value;
                var note = string.IsNullOrWhiteSpace(agentMessage) ? "" : t["Email.VerificationDecision.Message", agentMessage].Value;
                message = new EmailMessage(recipient.Email!,
                    t["Email.VerificationDecision.Subject", check, outcome, organizationName],
                    t["Email.VerificationDecision.Body", recipient.DisplayName, check, outcome, reason + note, BaseUrl + "/Verification"],
                    recipient.DisplayName);
            }

            await sender.SendAsync(message, cancellationToken);
        }
    }
}
