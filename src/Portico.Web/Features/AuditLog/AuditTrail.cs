using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Relationships;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.AuditLog;

/// <summary>
/// Adds audit records to the current unit of work. The caller's single <c>SaveChangesAsync</c> writes the change
/// and its record in one transaction; <see cref="AppDbContext"/> seals the hash chain at that moment.
/// </summary>
/// <remarks>
/// An action a provider's agent takes in a customer organization through a delegated-admin relationship (SPEC §7) is
/// recorded in both chains: the customer's, with <see cref="AuditEvent.ActingViaOrganizationId"/> naming the provider,
/// and the provider's, with the customer as target; both carry the relationship in <c>details.delegation</c>.
/// </remarks>
public sealed class AuditTrail(AppDbContext db, TimeProvider time, IHttpContextAccessor httpContextAccessor, DelegatedAccessResolver delegations)
{
    // Note: Japanese names stay readable in the stored details (HTML-sensitive characters are still escaped).
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public AuditEvent Record(
        AuditEventType type,
        Guid? targetOrganizationId = null,
        Guid? targetAccountId = null,
        object? details = null,
        Guid? actorAccountId = null,
        Guid? actingViaOrganizationId = null,
        string? ipAddress = null,
        bool skipDelegation = false)
    {
        var http = httpContextAccessor.HttpContext;
        var detailsJson = details is null ? null : JsonSerializer.Serialize(details, DetailsJson);
        if (detailsJson is { Length: > AuditEvent.DetailsMaxLength })
        {
            detailsJson = detailsJson[..AuditEvent.DetailsMaxLength];
        }

        var actorOrganizationId = http?.User.OrganizationId();
        var delegation = !skipDelegation && actingViaOrganizationId is null && targetOrganizationId is { } target && actorOrganizationId is { } own && own != target
            ? delegations.Resolved(target)
            : null;
        if (delegation is not null)
        {
            actingViaOrganizationId = delegation.ProviderOrganizationId;
            detailsJson = WithDelegation(detailsJson, delegation);
        }

        var e = new AuditEvent
        {
            Chain = AuditChain.ChainFor(targetOrganizationId),
            OccurredUtc = time.GetUtcNow().UtcDateTime,
            Type = type,
            ActorAccountId = actorAccountId ?? http?.User.AccountId(),
            ActingViaOrganizationId = actingViaOrganizationId,
            TargetOrganizationId = targetOrganizationId,
            TargetAccountId = targetAccountId,
            IpAddress = ipAddress ?? http?.Connection.RemoteIpAddress?.ToString(),
            Details = detailsJson,
        };
        db.AuditEvents.Add(e);
        if (delegation is not null)
        {
            db.AuditEvents.Add(new AuditEvent
            {
                Chain = AuditChain.ChainFor(delegation.ProviderOrganizationId),
                OccurredUtc = e.OccurredUtc,
                Type = type,
                ActorAccountId = e.ActorAccountId,
                ActingViaOrganizationId = delegation.ProviderOrganizationId,
                TargetOrganizationId = targetOrganizationId,
                TargetAccountId = targetAccountId,
                IpAddress = e.IpAddress,
                Details = detailsJson,
            });
        }

        return e;
    }

    /// <summary>
    /// Records a relationship event in the chains of both organizations of the relationship (provider and customer).
    /// </summary>
    public void RecordForBoth(AuditEventType type, Guid providerOrganizationId, Guid customerOrganizationId, object details, Guid? actorAccountId = null)
    {
        Record(type, providerOrganizationId, details: details, actorAccountId: actorAccountId, actingViaOrganizationId: null, skipDelegation: true);
        Record(type, customerOrganizationId, details: details, actorAccountId: actorAccountId, actingViaOrganizationId: null, skipDelegation: true);
    }

    private static string WithDelegation(string? detailsJson, DelegatedAccess delegation)
    {
        var node = detailsJson is null ? new JsonObject() : JsonNode.Parse(detailsJson) as JsonObject ?? new JsonObject { ["details"] = JsonNode.Parse(detailsJson) };
        node["delegation"] = JsonSerializer.SerializeToNode(new
        {
            providerOrganizationId = delegation.ProviderOrganizationId,
            provider = delegation.ProviderOrganizationName,
            customerOrganizationId = delegation.CustomerOrganizationId,
            customer = delegation.CustomerOrganizationName,
            relationships = delegation.Relationships.Select(r => new { id = r.Id, name = r.DisplayName, roles = r.Roles }),
        }, DetailsJson);
        var json = node.ToJsonString(DetailsJson);
        return json.Length > AuditEvent.DetailsMaxLength ? json[..AuditEvent.DetailsMaxLength] : json;
    }
}
