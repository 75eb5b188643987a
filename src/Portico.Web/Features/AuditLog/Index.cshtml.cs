using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Users;

namespace Portico.Web.Features.AuditLog;

/// <summary>The organization's audit trail, newest first, 50 per page (same rows as <c>GET /api/v1/orgs/{orgId}/audit</c>).</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Audit)]
public sealed class IndexModel(AppDbContext db, Microsoft.Extensions.Options.IOptions<AuditOptions> auditOptions) : PageModel
{
    public const int PageSize = 50;

    /// <param name="Via">The provider organization an agent acted through (delegated administration), by name.</param>
    /// <param name="InOrganization">On the provider's copy of such an action: the customer organization it was taken in.</param>
    public sealed record Row(AuditEventResponse Event, string? Actor, string? Target, string? Via = null, string? InOrganization = null);

    /// <summary>Keyset cursor: show events older than this sequence number.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    /// <summary>An <see cref="AuditEventType"/> name, or empty for every type.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The path prefix of the page's links: <c>/Orgs/{orgId}</c> when a provider's agent reads a customer's log.</summary>
    public string Prefix => this.PathPrefix();

    public long? NextBefore { get; private set; }

    public static IReadOnlyList<string> TypeNames { get; } = Enum.GetNames<AuditEventType>();

    /// <summary>How long events are kept (0: for good).</summary>
    public int RetentionDays => auditOptions.Value.RetentionDays;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Note: a cursor or type that does not parse shows the first page of everything rather than an error page.
        var before = Before is > 0 ? Before : null;
        AuditEventType? type = AuditQuery.TryParseType(Type, out var parsed) ? parsed : null;
        Type = type?.ToString();
        Before = before;

        var organizationId = this.WorkingOrganizationId();
        var (events, next) = await AuditQuery.PageAsync(db, organizationId, new AuditFilter(before, type), PageSize, cancellationToken);
        NextBefore = next;

        var ids = events.SelectMany(e => new[] { e.ActorAccountId, e.TargetAccountId }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName })
            .ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var viaIds = events.Select(e => e.ActingViaOrganizationId).OfType<Guid>().Distinct().ToList();
        var organizations = viaIds.Count == 0
            ? []
            : await db.Organizations.AsNoTracking().Where(o => viaIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.DisplayName, cancellationToken);
        var own = organizationId;
        Rows = events.Select(e => new Row(e, Name(e.ActorAccountId), Name(e.TargetAccountId),
            e.ActingViaOrganizationId is { } via ? organizations.GetValueOrDefault(via) : null,
            e.ActingViaOrganizationId == own ? CustomerOf(e.Details) : null)).ToList();

        string? Name(Guid? id) => id is { } value ? names.GetValueOrDefault(value) ?? value.ToString() : null;
    }

    /// <summary>The customer named in <c>details.delegation</c> (written by <see cref="AuditTrail"/> for delegated actions).</summary>
    private static string? CustomerOf(string? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(details);
            return json.RootElement.TryGetProperty("delegation", out var delegation) && delegation.TryGetProperty("customer", out var customer)
                ? customer.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string Utc(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
