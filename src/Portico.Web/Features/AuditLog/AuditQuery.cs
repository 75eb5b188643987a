using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.AuditLog;

/// <summary>Filters for one page of an organization's audit trail.</summary>
/// <param name="Before">Keyset cursor: only events with a smaller sequence (older) are returned.</param>
/// <param name="Type">Only events of this type.</param>
/// <param name="FromUtc">Only events at or after this instant (UTC).</param>
/// <param name="ToUtc">Only events before this instant (UTC).</param>
public sealed record AuditFilter(long? Before = null, AuditEventType? Type = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

/// <summary>
/// Reads an organization's audit chain newest first with keyset paging. Shared by the API and the Audit log page so
/// both show exactly the same rows.
/// </summary>
public static class AuditQuery
{
    /// <summary>Parses one event type by its exact name (numbers, lists and unknown names are refused).</summary>
    public static bool TryParseType(string? value, out AuditEventType type)
    {
        type = default;
        return value is { Length: > 0 and <= 64 }
            && char.IsAsciiLetter(value[0]) && value.All(char.IsAsciiLetterOrDigit)
            && Enum.TryParse(value, ignoreCase: false, out type)
            && Enum.IsDefined(type);
    }

    /// <summary>Returns up to <paramref name="take"/> events and the cursor of the next (older) page, or null on the last page.</summary>
    public static async Task<(List<AuditEventResponse> Items, long? NextBefore)> PageAsync(
        AppDbContext db, Guid organizationId, AuditFilter filter, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var chain = AuditChain.ChainFor(organizationId);
        var query = db.AuditEvents.AsNoTracking().Where(e => e.Chain == chain);
        if (filter.Before is { } before)
        {
            query = query.Where(e => e.Sequence < before);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(e => e.Type == type);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.OccurredUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.OccurredUtc < to);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1)
            .Select(e => new AuditEventResponse(e.Id, e.Sequence, e.OccurredUtc, e.Type.ToString(), e.ActorAccountId,
                e.ActingViaOrganizationId, e.TargetAccountId, e.IpAddress, e.Details, e.Hash))
            .ToListAsync(cancellationToken);
        long? next = rows.Count > take ? rows[take - 1].Sequence : null;
        if (rows.Count > take)
        {
            rows.RemoveRange(take, rows.Count - take);
        }

        return (rows, next);
    }
}
