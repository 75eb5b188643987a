using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.AuditLog;

public sealed record AuditEventResponse(
    long Id,
    long Sequence,
    DateTime OccurredUtc,
    string Type,
    Guid? ActorAccountId,
    Guid? ActingViaOrganizationId,
    Guid? TargetAccountId,
    string? IpAddress,
    string? Details,
    string Hash);

public sealed record AuditPage(IReadOnlyList<AuditEventResponse> Items, string? NextCursor);

public static class AuditApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orgs/{orgId:guid}/audit", ListAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Audit))
            .WithName("ListAuditEvents")
            .WithSummary("The organization's audit trail, newest first, with keyset paging (cursor) and filters (type, from, to).");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, HttpContext http, AppDbContext db, string? cursor, int? limit, string? type, DateTime? from, DateTime? to, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Check(limit is null or (>= 1 and <= MaxLimit), "limit", FieldCodes.InvalidValue)
            .Check(cursor is null || long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _), "cursor", FieldCodes.InvalidValue);
        AuditEventType? eventType = null;
        if (type is { Length: > 0 })
        {
            validate.Check(AuditQuery.TryParseType(type, out var parsed), "type", FieldCodes.InvalidValue);
            eventType = parsed;
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var filter = new AuditFilter(
            cursor is null ? null : long.Parse(cursor, CultureInfo.InvariantCulture),
            eventType,
            AsUtc(from),
            AsUtc(to));
        var (rows, next) = await AuditQuery.PageAsync(db, orgId, filter, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(new AuditPage(rows, next?.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Times without an offset are UTC (as every time Portico shows), not the server's local time.</summary>
    private static DateTime? AsUtc(DateTime? value) =>
        value is not { } v ? null : v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime();
}

/// <summary>Recomputes every chain; used by <c>audit verify</c>.</summary>
/// <remarks>
/// A chain that retention shortened starts after its <see cref="AuditChainAnchor"/> (the last removed row), and one of
/// its <see cref="AuditEventType.AuditRetentionApplied"/> events must name that anchor; otherwise rows were removed from
/// its start by something other than retention.
/// </remarks>
public sealed class AuditVerifier(AppDbContext db)
{
    public sealed record Problem(string Chain, long? RowId, long Sequence, string Reason);

    public async Task<(int Rows, int Chains, Problem? FirstProblem)> VerifyAsync(CancellationToken cancellationToken)
    {
        var heads = await db.AuditChainHeads.AsNoTracking().ToDictionaryAsync(h => h.Chain, cancellationToken);
        var anchors = await db.AuditChainAnchors.AsNoTracking().ToDictionaryAsync(a => a.Chain, cancellationToken);
        var chains = await db.AuditEvents.AsNoTracking().Select(e => e.Chain).Distinct().ToListAsync(cancellationToken);
        var rows = 0;
        foreach (var chain in chains.Union(heads.Keys).Union(anchors.Keys).Order(StringComparer.Ordinal))
        {
            anchors.TryGetValue(chain, out var anchor);
            var previous = anchor?.Hash ?? AuditChain.Genesis;
            var expected = (anchor?.Sequence ?? 0) + 1;
            var anchorRecorded = anchor is null;
            await foreach (var e in db.AuditEvents.AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                rows++;
                if (e.Sequence != expected)
                {
                    return (rows, chains.Count, new Problem(chain, e.Id, e.Sequence, $"expected sequence {expected}: a row was removed or reordered"));
                }

                if (e.PreviousHash != previous)
                {
                    return (rows, chains.Count, new Problem(chain, e.Id, e.Sequence, "previous-hash link broken: a row was removed, inserted or reordered"));
                }

                if (AuditChain.ComputeHash(e) != e.Hash)
                {
                    return (rows, chains.Count, new Problem(chain, e.Id, e.Sequence, "hash mismatch: the row was altered"));
                }

                anchorRecorded |= anchor is not null && e.Type == AuditEventType.AuditRetentionApplied && Names(e, anchor);
                previous = e.Hash;
                expected++;
            }

            if (!anchorRecorded)
            {
                return (rows, chains.Count, new Problem(chain, null, anchor!.Sequence, "the chain starts after an anchor no retention event names: rows were removed from the start"));
            }

            if (!heads.TryGetValue(chain, out var head) || head.Sequence != expected - 1 || head.Hash != previous)
            {
                return (rows, chains.Count, new Problem(chain, null, expected, $"chain head does not match the last row (head at {head?.Sequence ?? 0}, rows end at {expected - 1}): rows were removed from the end"));
            }
        }

        return (rows, chains.Count, null);
    }

    /// <summary>Whether a retention event's details name <paramref name="anchor"/> (its sequence and hash).</summary>
    private static bool Names(AuditEvent e, AuditChainAnchor anchor)
    {
        try
        {
            using var details = JsonDocument.Parse(e.Details ?? "{}");
            var root = details.RootElement;
            return root.TryGetProperty("throughSequence", out var through) && through.TryGetInt64(out var sequence) && sequence == anchor.Sequence
                && root.TryGetProperty("anchorHash", out var hash) && hash.ValueEquals(anchor.Hash);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Describe(Problem problem) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"chain {problem.Chain}, sequence {problem.Sequence}")
            .Append(problem.RowId is { } id ? string.Create(CultureInfo.InvariantCulture, $", row id {id}") : "")
            .Append(": ").Append(problem.Reason).ToString();
}
