using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>A dispute comment as the vendor's staff see it.</summary>
public sealed record DeskCommentView(Guid Id, string? AuthorName, bool FromVendor, string Body, DateTime CreatedAt);

/// <summary>A dispute in the vendor's queue: the organization, the disputed line (with the vendor's reference), the partner's reason, the thread and any resolution.</summary>
public sealed record DeskDisputeView(
    Guid Id, Guid Version, string Status, string Reason, Guid OrganizationId, string OrganizationName, string PartnerId,
    Guid EarningId, string Program, string Lever, string Period, string? LocationName, string? LocationPartnerId,
    decimal Amount, long AmountMinor, string Currency, string EarningStatus,
    string? OpenedByName, DateTime OpenedAt, string? ClosedByName, DateTime? ClosedAt,
    string? Outcome, decimal? PreviousAmount, decimal? AdjustedAmount, string? ResolutionMessage,
    IReadOnlyList<DeskCommentView> Comments, string? EarningReference);

public sealed record DeskQueuePage(IReadOnlyList<DeskDisputeView> Items, int Page, int PageSize, int Total);

/// <summary>The outcome of a staff command on a dispute: success, or a stable error code with its status and field errors.</summary>
public sealed record DeskResult(int Status, string? Error, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public static DeskResult Ok { get; } = new(StatusCodes.Status200OK, null);

    public static DeskResult Fail(int status, string error) => new(status, error);

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields);
}

/// <summary>
/// The vendor's dispute desk (operator capability <c>operator.incentives</c>): the queue of partners' earnings disputes
/// across all organizations, staff replies, and resolutions that uphold (adjusting the line's amount) or reject them.
/// </summary>
/// <remarks>
/// Blocks: resolving or replying to a dispute that is no longer open, lost updates (a resolution against a stale
/// version, or racing the partner's withdrawal, answers 409 and writes nothing), amounts the line's currency cannot
/// hold, and silent changes to money: every reply and resolution is audited in the partner organization's chain (where
/// its admins read it) and in the platform chain, in the same transaction, with the old and new amounts.
/// </remarks>
public sealed class DisputeDeskService(
    AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> localizer, TimeProvider time, DisputeEmails emails)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int OrganizationFilterMaxLength = 200;

    /// <summary>Disputes oldest first, filtered by status (null: every status) and organization name or Partner ID.</summary>
    public async Task<DeskQueuePage> QueueAsync(DisputeStatus? status, string? organization, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = db.EarningDisputes.AsNoTracking()
            .Join(db.Organizations, d => d.OrganizationId, o => o.Id, (d, o) => new { Dispute = d, o.DisplayName, o.PartnerId });
        if (status is { } s)
        {
            rows = rows.Where(r => r.Dispute.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(organization))
        {
            // Note: lower-cased on both sides so SQLite and PostgreSQL match alike (PostgreSQL's LIKE is case-sensitive).
            var term = organization.Trim();
            var lower = term.ToLowerInvariant();
#pragma warning disable CA1862 // Note: runs as SQL (LOWER … LIKE); the StringComparison overload does not translate.
            rows = rows.Where(r => r.PartnerId == term || r.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var total = await rows.CountAsync(cancellationToken);
        var ids = await rows.OrderBy(r => r.Dispute.OpenedUtc).ThenBy(r => r.Dispute.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(r => r.Dispute.Id).ToListAsync(cancellationToken);
        return new DeskQueuePage(await ViewsAsync(ids, cancellationToken), page, pageSize, total);
    }

    public async Task<DeskDisputeView?> GetAsync(Guid disputeId, CancellationToken cancellationToken) =>
        (await ViewsAsync([disputeId], cancellationToken)).SingleOrDefault();

    /// <summary>A staff reply on an open dispute, shown to the partner as the vendor's; <paramref name="version"/> is optional here.</summary>
    public async Task<DeskResult> ReplyAsync(ClaimsPrincipal staff, Guid disputeId, string? comment, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var dispute = await db.EarningDisputes.SingleOrDefaultAsync(d => d.Id == disputeId, cancellationToken);
        if (dispute is null)
        {
            return DeskResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.DisputeNotFound);
        }

        var validate = new Validate(localizer).Text("comment", comment, EarningDispute.CommentMaxLength, multiline: true);
        if (!validate.IsValid)
        {
            return Invalid(validate);
        }

        if (dispute.Status != DisputeStatus.Open)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeClosed);
        }

        if (version is { } v && v != dispute.Version)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeChanged);
        }

        var line = await db.EarningLines.AsNoTracking().SingleAsync(e => e.Id == dispute.EarningLineId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var staffId = staff.AccountId()!.Value;
        db.EarningDisputeComments.Add(new EarningDisputeComment
        {
            DisputeId = dispute.Id, AuthorAccountId = staffId, FromVendor = true, Body = comment!.Trim(), CreatedUtc = now,
        });
        dispute.Version = Guid.NewGuid();
        var details = Details(line, dispute, null);
        audit.Record(AuditEventType.EarningDisputeVendorReplied, dispute.OrganizationId, details: details);
        audit.Record(AuditEventType.EarningDisputeVendorReplied, targetOrganizationId: null, details: details);
        if (!await SaveAsync(cancellationToken))
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeChanged);
        }

        await emails.SendAsync(DisputeEmails.Replied, dispute, line, comment.Trim(), cancellationToken);
        return DeskResult.Ok;
    }

    /// <summary>
    /// Resolves an open dispute: <see cref="DisputeOutcome.Upheld"/> sets the line's amount to <paramref name="adjustedAmount"/>
    /// (major units of the line's currency); <see cref="DisputeOutcome.Rejected"/> needs a message. The
    /// <paramref name="version"/> the agent read is required: a dispute that changed since answers 409.
    /// </summary>
    public async Task<DeskResult> ResolveAsync(
        ClaimsPrincipal staff, Guid disputeId, string? outcome, decimal? adjustedAmount, string? message, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var dispute = await db.EarningDisputes.SingleOrDefaultAsync(d => d.Id == disputeId, cancellationToken);
        if (dispute is null)
        {
            return DeskResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.DisputeNotFound);
        }

        var line = await db.EarningLines.SingleAsync(e => e.Id == dispute.EarningLineId, cancellationToken);
        var validate = new Validate(localizer);
        var parsed = EarningService.TryParseName(outcome, out DisputeOutcome result);
        validate.Check(parsed || !string.IsNullOrWhiteSpace(outcome), "outcome", FieldCodes.Required);
        validate.Check(parsed || string.IsNullOrWhiteSpace(outcome), "outcome", FieldCodes.InvalidValue);
        long? adjustedMinor = null;
        if (parsed && result == DisputeOutcome.Upheld)
        {
            validate.Check(adjustedAmount is not null, "amount", FieldCodes.Required);
            if (adjustedAmount is { } amount)
            {
                adjustedMinor = Math.Abs(amount) <= Money.MaxValue ? Money.ToMinor(amount, line.Currency) : null;
                validate.Check(adjustedMinor is not null, "amount", Math.Abs(amount) <= Money.MaxValue ? FieldCodes.InvalidValue : FieldCodes.OutOfRange);
            }
        }
        else if (parsed)
        {
            validate.Check(adjustedAmount is null, "amount", FieldCodes.InvalidValue);
        }

        validate.Text("message", message, EarningDispute.CommentMaxLength, required: parsed && result == DisputeOutcome.Rejected, multiline: true);
        validate.Check(version is not null, "version", FieldCodes.Required);
        if (!validate.IsValid)
        {
            return Invalid(validate);
        }

        if (dispute.Status != DisputeStatus.Open)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeClosed);
        }

        if (version != dispute.Version)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeChanged);
        }

        var now = time.GetUtcNow().UtcDateTime;
        dispute.Status = DisputeStatus.Resolved;
        dispute.Outcome = result;
        dispute.ClosedByAccountId = staff.AccountId();
        dispute.ClosedUtc = now;
        dispute.ResolutionMessage = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        dispute.Version = Guid.NewGuid();
        if (adjustedMinor is { } adjusted)
        {
            dispute.PreviousAmountMinor = line.AmountMinor;
            dispute.AdjustedAmountMinor = adjusted;
            line.AmountMinor = adjusted;
            line.UpdatedUtc = now;
            line.Version = Guid.NewGuid();
        }

        var details = Details(line, dispute, adjustedMinor is null ? null : new
        {
            previousAmount = Money.Invariant(dispute.PreviousAmountMinor!.Value, line.Currency),
            newAmount = Money.Invariant(adjustedMinor.Value, line.Currency),
            currency = line.Currency,
        });
        audit.Record(AuditEventType.EarningDisputeResolved, dispute.OrganizationId, details: details);
        audit.Record(AuditEventType.EarningDisputeResolved, targetOrganizationId: null, details: details);
        if (!await SaveAsync(cancellationToken))
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeChanged);
        }

        await emails.SendAsync(DisputeEmails.Resolved, dispute, line, dispute.ResolutionMessage, cancellationToken);
        return DeskResult.Ok;
    }

    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: the partner commented or withdrew (or another agent acted) between our read and our write; nothing of ours was written.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<IReadOnlyList<DeskDisputeView>> ViewsAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var disputes = await db.EarningDisputes.AsNoTracking().Include(d => d.Comments).Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var lineIds = disputes.Select(d => d.EarningLineId).Distinct().ToList();
        var lines = await db.EarningLines.AsNoTracking().Where(e => lineIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var orgIds = disputes.Select(d => d.OrganizationId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => new { o.DisplayName, o.PartnerId }, cancellationToken);
        var locationIds = lines.Values.Where(e => e.LocationId != null).Select(e => e.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => new { l.Name, l.PartnerId }, cancellationToken);
        var accountIds = disputes.SelectMany(d => d.Comments.Select(c => c.AuthorAccountId).Append(d.OpenedByAccountId))
            .Concat(disputes.Where(d => d.ClosedByAccountId != null).Select(d => d.ClosedByAccountId!.Value)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var byId = disputes.ToDictionary(d => d.Id);
        return [.. ids.Where(byId.ContainsKey).Select(id =>
        {
            var d = byId[id];
            var line = lines[d.EarningLineId];
            var org = orgs[d.OrganizationId];
            var location = line.LocationId is { } l ? locations.GetValueOrDefault(l) : null;
            return new DeskDisputeView(
                d.Id, d.Version, d.Status.ToString(), d.Reason.ToString(), d.OrganizationId, org.DisplayName, org.PartnerId,
                line.Id, line.Program, line.Lever, line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture), location?.Name, location?.PartnerId,
                Money.ToMajor(line.AmountMinor, line.Currency), line.AmountMinor, line.Currency, line.Status.ToString(),
                names.GetValueOrDefault(d.OpenedByAccountId), d.OpenedUtc, d.ClosedByAccountId is { } c ? names.GetValueOrDefault(c) : null, d.ClosedUtc,
                d.Outcome?.ToString(), d.PreviousAmountMinor is { } p ? Money.ToMajor(p, line.Currency) : null,
                d.AdjustedAmountMinor is { } a ? Money.ToMajor(a, line.Currency) : null, d.ResolutionMessage,
                [.. d.Comments.OrderBy(x => x.CreatedUtc).ThenBy(x => x.Id)
                    .Select(x => new DeskCommentView(x.Id, names.GetValueOrDefault(x.AuthorAccountId), x.FromVendor, x.Body, x.CreatedUtc))],
                line.Reference);
        })];
    }

    private static DeskResult Invalid(Validate validate) => new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, validate.Errors);

    /// <remarks>Note: comments and messages stay out of the audit trail (free text may name people); the dispute holds them.</remarks>
    private static Dictionary<string, object?> Details(EarningLine line, EarningDispute dispute, object? amounts)
    {
        var details = EarningService.Details(line, dispute);
        details["outcome"] = dispute.Outcome?.ToString();
        details["amounts"] = amounts;
        return details;
    }
}
