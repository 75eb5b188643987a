using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>
/// Emails about the vendor's answer to an earnings dispute, and about a line the vendor's desk adjusted, each in its
/// recipient's language: to the organization's Incentives admins (organization-wide, or of the line's location) and, for
/// a dispute, to the person who opened it. Sent after the change is committed.
/// </summary>
public sealed class DisputeEmails(AppDbContext db, IEmailSender sender, IStringLocalizer<SharedResource> t, IConfiguration configuration)
{
    public const string Replied = "Replied";
    public const string Resolved = "Resolved";

    /// <summary>Every email kind; each has <c>Email.IncentiveDispute.&lt;kind&gt;.Subject</c> and <c>.Body</c> resources.</summary>
    public static readonly IReadOnlyList<string> All = [Replied, Resolved];

    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <param name="text">The staff reply (<see cref="Replied"/>) or the resolution message (<see cref="Resolved"/>, may be null).</param>
    public async Task SendAsync(string kind, EarningDispute dispute, EarningLine line, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentNullException.ThrowIfNull(line);
        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == dispute.OrganizationId).Select(o => o.DisplayName).SingleAsync(cancellationToken);
        var link = $"{BaseUrl}/Incentives/Earning/{line.Id}";
        foreach (var to in await RecipientsAsync(line, dispute.OpenedByAccountId, cancellationToken))
        {
            EmailMessage message;
            using (CultureScope.Use(to.PreferredCulture))
            {
                var subject = t[$"Email.IncentiveDispute.{kind}.Subject", line.Program, line.Period.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)].Value;
                var what = $"{line.Program} — {line.Lever} ({line.Period.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)})";
                var outcome = dispute.Outcome is { } o ? t["DisputeOutcome." + o].Value : "";
                var change = dispute.AdjustedAmountMinor is { } adjusted
                    ? t["Email.IncentiveDispute.AmountChanged", Money.Format(dispute.PreviousAmountMinor!.Value, line.Currency), Money.Format(adjusted, line.Currency)].Value
                    : "";
                var note = string.IsNullOrWhiteSpace(text) ? "" : t["Email.IncentiveDispute.Message", text].Value;
                message = new EmailMessage(to.Email!, subject,
                    t[$"Email.IncentiveDispute.{kind}.Body", to.DisplayName, what, organizationName, outcome, change + note, link].Value,
                    to.DisplayName);
            }

            await sender.SendAsync(message, cancellationToken);
        }
    }

    /// <summary>Tells the line's Incentives admins that the vendor's desk adjusted it: the reason, the old and new values and the note.</summary>
    public async Task SendAdjustedAsync(EarningAdjustment adjustment, EarningLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        ArgumentNullException.ThrowIfNull(line);
        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == line.OrganizationId).Select(o => o.DisplayName).SingleAsync(cancellationToken);
        var link = $"{BaseUrl}/Incentives/Earning/{line.Id}";
        var period = line.Period.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var to in await RecipientsAsync(line, null, cancellationToken))
        {
            EmailMessage message;
            using (CultureScope.Use(to.PreferredCulture))
            {
                var change = t["Email.EarningAdjusted.Change",
                    Money.Format(adjustment.PreviousAmountMinor, line.Currency), Money.Format(adjustment.NewAmountMinor, line.Currency),
                    t["EarningStatus." + adjustment.PreviousStatus].Value, t["EarningStatus." + adjustment.NewStatus].Value].Value;
                var note = adjustment.Note is { } text ? t["Email.IncentiveDispute.Message", text].Value : "";
                message = new EmailMessage(to.Email!, t["Email.EarningAdjusted.Subject", line.Program, period].Value,
                    t["Email.EarningAdjusted.Body", to.DisplayName, $"{line.Program} — {line.Lever} ({period})", organizationName,
                        t["AdjustmentReason." + adjustment.Reason].Value, change + note, link].Value,
                    to.DisplayName);
            }

            await sender.SendAsync(message, cancellationToken);
        }
    }

    /// <summary>The organization's active work accounts that are Incentives admins of the whole organization or of the line's location, and <paramref name="alsoAccountId"/>.</summary>
    private async Task<List<(string? Email, string DisplayName, string? PreferredCulture)>> RecipientsAsync(EarningLine line, Guid? alsoAccountId, CancellationToken cancellationToken)
    {
        var admins = db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == line.OrganizationId && r.Role == Roles.IncentivesAdmin && (r.LocationId == null || r.LocationId == line.LocationId))
            .Select(r => r.AccountId);
        var rows = await db.Users.AsNoTracking()
            .Where(a => a.OrganizationId == line.OrganizationId && !a.IsBlocked && a.Kind == AccountKind.Work && a.Email != null
                && (a.Id == alsoAccountId || admins.Contains(a.Id)))
            .Select(a => new { a.Email, a.DisplayName, a.PreferredCulture })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Email, r.DisplayName, r.PreferredCulture))];
    }
}
