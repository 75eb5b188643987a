using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// Relationship emails (SPEC §7) to both sides, each in its recipient's language: the customer's (or reseller's)
/// Global admins, and on the provider side the person who asked (or the provider's Global admins when that person is
/// gone). Sent after the change is committed.
/// </summary>
public sealed class RelationshipEmails(AppDbContext db, IEmailSender sender, IStringLocalizer<SharedResource> t, IConfiguration configuration)
{
    public const string Requested = "Requested";
    public const string Approved = "Approved";
    public const string Declined = "Declined";
    public const string Terminated = "Terminated";
    public const string Expired = "Expired";
    public const string RequestExpired = "RequestExpired";
    public const string Extended = "Extended";
    public const string Reminder = "Reminder";
    public const string ResellerInvited = "ResellerInvited";
    public const string ResellerAccepted = "ResellerAccepted";
    public const string ResellerDeclined = "ResellerDeclined";
    public const string ResellerEnded = "ResellerEnded";
    public const string ResellerWithdrawn = "ResellerWithdrawn";

    /// <summary>Every email kind; each has <c>Email.Relationship.&lt;kind&gt;.Subject</c> and <c>.Body</c> resources.</summary>
    public static readonly IReadOnlyList<string> All =
        [Requested, Approved, Declined, Terminated, Expired, RequestExpired, Extended, Reminder, ResellerInvited, ResellerAccepted, ResellerDeclined,
            ResellerEnded, ResellerWithdrawn];

    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    private sealed record Recipient(string Email, string DisplayName, string? Culture);

    /// <param name="daysLeft">For <see cref="Reminder"/>: the days until expiry.</param>
    public async Task SendDelegatedAsync(DelegatedAdminRelationship relationship, string kind, CancellationToken cancellationToken, int daysLeft = 0)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        var names = await NamesAsync(relationship.ProviderOrganizationId, relationship.CustomerOrganizationId, cancellationToken);
        var providerSide = await ProviderRecipientsAsync(relationship.ProviderOrganizationId, relationship.RequestedByAccountId, cancellationToken);
        var customerSide = await GlobalAdminsAsync(relationship.CustomerOrganizationId, cancellationToken);
        foreach (var (recipients, link) in new[] { (providerSide, "/Relationships/Admin"), (customerSide, "/Relationships/Partner") })
        {
            foreach (var to in recipients)
            {
                using var scope = CultureScope.Use(to.Culture);
                var roles = string.Join(", ", relationship.Roles.Select(r => t["DelegableRole." + r].Value));
                var ends = relationship.EndsAt is { } e ? e.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
                var message = new EmailMessage(
                    to.Email,
                    t[$"Email.Relationship.{kind}.Subject", relationship.DisplayName, names.Provider, names.Customer],
                    t[$"Email.Relationship.{kind}.Body", to.DisplayName, relationship.DisplayName, names.Provider, names.Customer, roles,
                        relationship.DurationDays, ends, BaseUrl + link, daysLeft],
                    to.DisplayName);
                await sender.SendAsync(message, cancellationToken);
            }
        }
    }

    public async Task SendResellerAsync(ResellerRelationship relationship, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        var names = await NamesAsync(relationship.ProviderOrganizationId, relationship.ResellerOrganizationId, cancellationToken);
        var providerSide = await ProviderRecipientsAsync(relationship.ProviderOrganizationId, relationship.InvitedByAccountId, cancellationToken);
        var resellerSide = await GlobalAdminsAsync(relationship.ResellerOrganizationId, cancellationToken);
        foreach (var (recipients, link) in new[] { (providerSide, "/Customers"), (resellerSide, "/Relationships/Partner") })
        {
            foreach (var to in recipients)
            {
                using var scope = CultureScope.Use(to.Culture);
                var message = new EmailMessage(
                    to.Email,
                    t[$"Email.Relationship.{kind}.Subject", names.Provider, names.Customer],
                    t[$"Email.Relationship.{kind}.Body", to.DisplayName, names.Provider, names.Customer, BaseUrl + link],
                    to.DisplayName);
                await sender.SendAsync(message, cancellationToken);
            }
        }
    }

    private async Task<(string Provider, string Customer)> NamesAsync(Guid providerId, Guid customerId, CancellationToken cancellationToken)
    {
        var names = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId || o.Id == customerId)
            .ToDictionaryAsync(o => o.Id, o => o.DisplayName, cancellationToken);
        return (names.GetValueOrDefault(providerId, ""), names.GetValueOrDefault(customerId, ""));
    }

    private async Task<List<Recipient>> ProviderRecipientsAsync(Guid providerId, Guid? requesterId, CancellationToken cancellationToken)
    {
        var requester = requesterId is { } id
            ? await db.Users.AsNoTracking().Where(a => a.Id == id && a.OrganizationId == providerId && !a.IsBlocked && a.Email != null)
                .Select(a => new Recipient(a.Email!, a.DisplayName, a.PreferredCulture)).ToListAsync(cancellationToken)
            : [];
        return requester.Count > 0 ? requester : await GlobalAdminsAsync(providerId, cancellationToken);
    }

    private Task<List<Recipient>> GlobalAdminsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && r.Role == Roles.GlobalAdmin && r.LocationId == null)
            .Join(db.Users.Where(a => !a.IsBlocked && a.Kind == AccountKind.Work && a.Email != null), r => r.AccountId, a => a.Id,
                (r, a) => new Recipient(a.Email!, a.DisplayName, a.PreferredCulture))
            .Distinct()
            .Take(20)
            .ToListAsync(cancellationToken);
}
