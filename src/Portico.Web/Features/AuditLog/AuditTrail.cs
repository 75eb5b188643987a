using System.Text.Json;
using Portico.Web.Data;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.AuditLog;

/// <summary>
/// Adds audit records to the current unit of work. The caller's single <c>SaveChangesAsync</c> writes the change
/// and its record in one transaction; <see cref="AppDbContext"/> seals the hash chain at that moment.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider time, IHttpContextAccessor httpContextAccessor)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public AuditEvent Record(
        AuditEventType type,
        Guid? targetOrganizationId = null,
        Guid? targetAccountId = null,
        object? details = null,
        Guid? actorAccountId = null,
        Guid? actingViaOrganizationId = null,
        string? ipAddress = null)
    {
        var http = httpContextAccessor.HttpContext;
        var detailsJson = details is null ? null : JsonSerializer.Serialize(details, DetailsJson);
        if (detailsJson is { Length: > AuditEvent.DetailsMaxLength })
        {
            detailsJson = detailsJson[..AuditEvent.DetailsMaxLength];
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
        return e;
    }
}
