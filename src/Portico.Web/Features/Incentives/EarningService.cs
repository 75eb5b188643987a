using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Incentives;

/// <summary>Stable error codes of the Incentives area; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class IncentiveErrors
{
    /// <summary>The earnings line does not exist or is outside the caller's scope (the two answer alike).</summary>
    public const string EarningNotFound = "earning_not_found";

    /// <summary>The dispute does not exist on that earnings line.</summary>
    public const string DisputeNotFound = "dispute_not_found";

    /// <summary>Only an Incentives admin of the line's location (or of the organization) opens, comments on or withdraws disputes.</summary>
    public const string DisputeNotAllowed = "dispute_not_allowed";

    /// <summary>The line already has an open dispute.</summary>
    public const string DisputeExists = "dispute_exists";

    /// <summary>The dispute was withdrawn or resolved and takes no more comments.</summary>
    public const string DisputeClosed = "dispute_closed";

    /// <summary>Someone changed the dispute at the same moment; nothing of this request was written.</summary>
    public const string DisputeChanged = "dispute_changed";

    /// <summary>An estimated line is not final yet and cannot be disputed.</summary>
    public const string EarningNotDisputable = "earning_not_disputable";

    /// <summary>The vendor changed the line while the dispute was being opened; nothing was written.</summary>
    public const string EarningChanged = "earning_changed";
}

/// <summary>The outcome of a dispute command: the dispute, or a stable error code with its HTTP status and field errors.</summary>
public sealed record DisputeResult(int Status, string? Error, EarningDispute? Dispute, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public static DisputeResult Ok(EarningDispute dispute) => new(StatusCodes.Status200OK, null, dispute);

    public static DisputeResult Fail(int status, string error) => new(status, error, null);

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields);
}

/// <summary>Filters of the earnings list and export: earning months from–to (inclusive), program, status.</summary>
public sealed record EarningFilter(DateOnly? From = null, DateOnly? To = null, string? Program = null, EarningStatus? Status = null)
{
    public const string PeriodFormat = "yyyy-MM";

    /// <summary>Reads the query's text (months as <c>yyyy-MM</c>); field errors go to <paramref name="validate"/>.</summary>
    public static EarningFilter Parse(Validate validate, string? from, string? to, string? program, string? status)
    {
        ArgumentNullException.ThrowIfNull(validate);
        var fromMonth = Month(validate, "from", from);
        var toMonth = Month(validate, "to", to);
        if (fromMonth is { } f && toMonth is { } t)
        {
            validate.Check(f <= t, "to", FieldCodes.OutOfRange);
        }

        validate.Text("program", program, EarningLine.ProgramMaxLength, required: false);
        EarningStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            validate.Check(EarningService.TryParseName(status, out EarningStatus s), "status", FieldCodes.InvalidValue);
            parsed = s;
        }

        return new EarningFilter(fromMonth, toMonth, string.IsNullOrWhiteSpace(program) ? null : program.Trim(), parsed);
    }

    public static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), PeriodFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    private static DateOnly? Month(Validate validate, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var month = ParseMonth(value);
        validate.Check(month is not null && month.Value.Year >= 2000 && month.Value.Year <= 2100, field, FieldCodes.InvalidValue);
        return month;
    }
}

/// <summary>
/// An earnings line as the API and pages show it; <see cref="OpenDisputeId"/> is set while the line is disputed and
/// <see cref="Reference"/> is the vendor's id of the line (partners quote it in disputes and support requests).
/// </summary>
public sealed record EarningView(
    Guid Id, string Program, string Lever, string Period, Guid? LocationId, string? LocationName, decimal Amount, long AmountMinor,
    string Currency, string Status, DateOnly? PaidOn, string? HoldReason, bool Disputed, Guid? OpenDisputeId, string? Reference);

public sealed record EarningStatusTotal(string Status, int Lines, decimal Amount, long AmountMinor);

/// <summary>What the filtered lines add up to in one currency, in all and per status.</summary>
public sealed record EarningTotal(string Currency, int Lines, decimal Amount, long AmountMinor, IReadOnlyList<EarningStatusTotal> ByStatus);

public sealed record EarningPage(IReadOnlyList<EarningView> Items, int Page, int PageSize, int Total, IReadOnlyList<EarningTotal> Totals);

/// <summary>A dispute comment; <see cref="FromVendor"/> marks the vendor's replies.</summary>
public sealed record DisputeCommentView(Guid Id, Guid AuthorId, string? AuthorName, string Body, DateTime CreatedAt, bool FromVendor);

/// <summary>A dispute with its thread and, once the vendor resolved it, the outcome, any amount change and the vendor's message.</summary>
public sealed record DisputeView(
    Guid Id, string Reason, string Status, Guid OpenedById, string? OpenedByName, DateTime OpenedAt, Guid? ClosedById, string? ClosedByName,
    DateTime? ClosedAt, IReadOnlyList<DisputeCommentView> Comments, string? Outcome = null, decimal? PreviousAmount = null,
    decimal? AdjustedAmount = null, string? ResolutionMessage = null);

/// <summary>One line with its disputes and the vendor's adjustments (each newest first) and whether the caller may dispute it.</summary>
public sealed record EarningDetail(EarningView Line, IReadOnlyList<DisputeView> Disputes, bool CanManageDisputes, IReadOnlyList<AdjustmentView> Adjustments);

/// <summary>What the vendor's side records for a line (tests; files go through the vendor's import, Operator/Incentives); partners never call it.</summary>
public sealed record EarningLineInput(
    string Program, string Lever, DateOnly Period, Guid? LocationId, long AmountMinor, string Currency, EarningStatus Status,
    DateOnly? PaidOn = null, string? HoldReason = null);

/// <summary>
/// Earnings of the Incentives area (SPEC §2–3): the statement lines the caller's <see cref="IncentivesScope"/> covers,
/// their totals and export, and the partner's disputes of a line. The capability policy has already admitted the
/// caller to <c>incentives</c>.
/// </summary>
/// <remarks>
/// Blocks: reading or disputing lines outside the caller's scope (answered exactly like a missing line, so ids of
/// other locations' earnings leak nothing), Incentives users opening or withdrawing disputes, location admins acting on
/// other locations' lines, a second open dispute on a line (also held by a unique index against races), comments on
/// closed disputes, and lost updates on a dispute. Every change is audited in the same transaction.
/// </remarks>
public sealed class EarningService(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> localizer, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Parses an enum name exactly as written (no numbers, no case folding), so "1" or "paid" is refused.</summary>
    public static bool TryParseName<TEnum>(string? value, out TEnum parsed)
        where TEnum : struct, Enum
    {
        parsed = default;
        return value is not null && Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out parsed);
    }

    public IQueryable<EarningLine> Visible(Guid organizationId, IncentivesScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var lines = db.EarningLines.Where(e => e.OrganizationId == organizationId);
        if (!scope.Member)
        {
            return lines.Where(e => false);
        }

        if (scope.OrganizationWide)
        {
            return lines;
        }

        var locations = scope.Locations.ToList();
        return lines.Where(e => e.LocationId != null && locations.Contains(e.LocationId.Value));
    }

    public IQueryable<EarningLine> Filtered(Guid organizationId, IncentivesScope scope, EarningFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = Visible(organizationId, scope).AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(e => e.Period >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.Period <= to);
        }

        if (filter.Program is { } program)
        {
            query = query.Where(e => e.Program == program);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(e => e.Status == status);
        }

        return query;
    }

    public async Task<EarningPage> ListAsync(
        Guid organizationId, IncentivesScope scope, EarningFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = Filtered(organizationId, scope, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Ordered(query).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var sums = await query.GroupBy(e => new { e.Currency, e.Status })
            .Select(g => new { g.Key.Currency, g.Key.Status, Lines = g.Count(), Sum = g.Sum(e => e.AmountMinor) })
            .ToListAsync(cancellationToken);
        var totals = sums.GroupBy(s => s.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EarningTotal(
                g.Key, g.Sum(s => s.Lines), Money.ToMajor(g.Sum(s => s.Sum), g.Key), g.Sum(s => s.Sum),
                [.. g.OrderBy(s => s.Status).Select(s => new EarningStatusTotal(s.Status.ToString(), s.Lines, Money.ToMajor(s.Sum, g.Key), s.Sum))]))
            .ToList();
        return new EarningPage(await ViewsAsync(rows, cancellationToken), page, pageSize, total, totals);
    }

    /// <summary>Every filtered line in statement order (the export has no paging).</summary>
    public async Task<IReadOnlyList<EarningView>> AllAsync(Guid organizationId, IncentivesScope scope, EarningFilter filter, CancellationToken cancellationToken) =>
        await ViewsAsync(await Ordered(Filtered(organizationId, scope, filter)).ToListAsync(cancellationToken), cancellationToken);

    /// <summary>The programs of the lines the caller sees, for the program filter.</summary>
    public async Task<IReadOnlyList<string>> ProgramsAsync(Guid organizationId, IncentivesScope scope, CancellationToken cancellationToken) =>
        await Visible(organizationId, scope).Select(e => e.Program).Distinct().OrderBy(p => p).ToListAsync(cancellationToken);

    public async Task<EarningDetail?> GetAsync(Guid organizationId, IncentivesScope scope, Guid earningId, CancellationToken cancellationToken)
    {
        if (await Visible(organizationId, scope).AsNoTracking().SingleOrDefaultAsync(e => e.Id == earningId, cancellationToken) is not { } line)
        {
            return null;
        }

        var disputes = await db.EarningDisputes.AsNoTracking().Include(d => d.Comments)
            .Where(d => d.EarningLineId == earningId).OrderByDescending(d => d.OpenedUtc).ThenByDescending(d => d.Id)
            .ToListAsync(cancellationToken);
        var accountIds = disputes.SelectMany(d => d.Comments.Select(c => c.AuthorAccountId).Append(d.OpenedByAccountId))
            .Concat(disputes.Where(d => d.ClosedByAccountId != null).Select(d => d.ClosedByAccountId!.Value)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var views = disputes.Select(d => new DisputeView(
            d.Id, d.Reason.ToString(), d.Status.ToString(), d.OpenedByAccountId, names.GetValueOrDefault(d.OpenedByAccountId), d.OpenedUtc,
            d.ClosedByAccountId, d.ClosedByAccountId is { } c ? names.GetValueOrDefault(c) : null, d.ClosedUtc,
            [.. d.Comments.OrderBy(x => x.CreatedUtc).ThenBy(x => x.Id)
                .Select(x => new DisputeCommentView(x.Id, x.AuthorAccountId, names.GetValueOrDefault(x.AuthorAccountId), x.Body, x.CreatedUtc, x.FromVendor))],
            d.Outcome?.ToString(), d.PreviousAmountMinor is { } p ? Money.ToMajor(p, line.Currency) : null,
            d.AdjustedAmountMinor is { } a ? Money.ToMajor(a, line.Currency) : null, d.ResolutionMessage)).ToList();
        return new EarningDetail(
            (await ViewsAsync([line], cancellationToken))[0], views, scope.Manages(line.LocationId), await AdjustmentView.HistoryAsync(db, line, cancellationToken));
    }

    public async Task<IReadOnlyList<EarningView>> ViewsAsync(IReadOnlyList<EarningLine> lines, CancellationToken cancellationToken)
    {
        var locationIds = lines.Where(e => e.LocationId != null).Select(e => e.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
        var lineIds = lines.Select(e => e.Id).ToList();
        var open = await db.EarningDisputes.AsNoTracking().Where(d => lineIds.Contains(d.EarningLineId) && d.Status == DisputeStatus.Open)
            .ToDictionaryAsync(d => d.EarningLineId, d => d.Id, cancellationToken);
        return lines.Select(e => new EarningView(
            e.Id, e.Program, e.Lever, e.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture), e.LocationId,
            e.LocationId is { } l ? locations.GetValueOrDefault(l) : null, Money.ToMajor(e.AmountMinor, e.Currency), e.AmountMinor, e.Currency,
            e.Status.ToString(), e.PaidOn, e.HoldReason, open.ContainsKey(e.Id), open.TryGetValue(e.Id, out var d) ? d : null, e.Reference)).ToList();
    }

    /// <summary>Records a line the vendor computed one at a time (tests; files go through Operator/Incentives/EarningImportService); audited without a person as actor.</summary>
    public async Task<EarningLine> RecordLineAsync(Guid organizationId, EarningLineInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var consistent = input.Period.Day == 1 && Money.IsCurrency(input.Currency)
            && !string.IsNullOrWhiteSpace(input.Program) && input.Program.Length <= EarningLine.ProgramMaxLength
            && !string.IsNullOrWhiteSpace(input.Lever) && input.Lever.Length <= EarningLine.LeverMaxLength
            && (input.Status == EarningStatus.Paid) == (input.PaidOn is not null)
            && (input.Status == EarningStatus.OnHold) == (input.HoldReason is not null)
            && (input.HoldReason is null || HoldReasons.All.Contains(input.HoldReason))
            && (input.LocationId is not { } location || await db.Locations.AnyAsync(l => l.Id == location && l.OrganizationId == organizationId, cancellationToken));
        if (!consistent)
        {
            throw new ArgumentException("The earnings line is inconsistent (period, currency, texts, status, payment date, hold reason or location).", nameof(input));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var line = new EarningLine
        {
            OrganizationId = organizationId,
            Program = input.Program.Trim(),
            Lever = input.Lever.Trim(),
            Period = input.Period,
            LocationId = input.LocationId,
            AmountMinor = input.AmountMinor,
            Currency = input.Currency,
            Status = input.Status,
            PaidOn = input.PaidOn,
            HoldReason = input.HoldReason,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        db.EarningLines.Add(line);
        audit.Record(AuditEventType.EarningLineRecorded, organizationId, details: new
        {
            earningId = line.Id, program = line.Program, lever = line.Lever, period = line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
            amount = line.AmountMinor, currency = line.Currency, status = line.Status.ToString(), locationId = line.LocationId,
        });
        await db.SaveChangesAsync(cancellationToken);
        return line;
    }

    public async Task<DisputeResult> OpenDisputeAsync(
        Guid organizationId, Guid earningId, ClaimsPrincipal actor, string? reason, string? comment, CancellationToken cancellationToken)
    {
        var scope = IncentivesScope.For(actor, organizationId);
        var line = await Visible(organizationId, scope).SingleOrDefaultAsync(e => e.Id == earningId, cancellationToken);
        if (line is null)
        {
            return DisputeResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.EarningNotFound);
        }

        if (!scope.Manages(line.LocationId))
        {
            return DisputeResult.Fail(StatusCodes.Status403Forbidden, IncentiveErrors.DisputeNotAllowed);
        }

        var validate = new Validate(localizer);
        var parsed = TryParseName(reason, out DisputeReason why);
        validate.Check(parsed || !string.IsNullOrWhiteSpace(reason), "reason", FieldCodes.Required);
        validate.Check(parsed || string.IsNullOrWhiteSpace(reason), "reason", FieldCodes.InvalidValue);
        validate.Text("comment", comment, EarningDispute.CommentMaxLength, multiline: true);
        if (!validate.IsValid)
        {
            return Invalid(validate);
        }

        if (line.Status == EarningStatus.Estimated)
        {
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.EarningNotDisputable);
        }

        if (await db.EarningDisputes.AnyAsync(d => d.EarningLineId == line.Id && d.Status == DisputeStatus.Open, cancellationToken))
        {
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeExists);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var dispute = new EarningDispute
        {
            OrganizationId = organizationId,
            EarningLineId = line.Id,
            Reason = why,
            Status = DisputeStatus.Open,
            OpenedByAccountId = scope.AccountId,
            OpenedUtc = now,
            Comments = [new EarningDisputeComment { AuthorAccountId = scope.AccountId, Body = comment!.Trim(), CreatedUtc = now }],
        };
        db.EarningDisputes.Add(dispute);

        // Note: opening a dispute changes the line's version, so an import that checked for open disputes before
        // changing the amount fails on its write instead of changing a disputed amount (and the other way round).
        line.Version = Guid.NewGuid();
        audit.Record(AuditEventType.EarningDisputeOpened, organizationId, details: Details(line, dispute));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return DisputeResult.Ok(dispute);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.EarningChanged);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation<EarningDispute>(e, nameof(EarningDispute.EarningLineId)))
        {
            // Note: another request opened a dispute on this line between our check and our write (the filtered unique
            // index refused the second); nothing of ours was written.
            db.ChangeTracker.Clear();
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeExists);
        }
    }

    public Task<DisputeResult> CommentAsync(
        Guid organizationId, Guid earningId, Guid disputeId, ClaimsPrincipal actor, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(organizationId, earningId, disputeId, actor, comment, required: true, withdraw: false, cancellationToken);

    public Task<DisputeResult> WithdrawAsync(
        Guid organizationId, Guid earningId, Guid disputeId, ClaimsPrincipal actor, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(organizationId, earningId, disputeId, actor, comment, required: false, withdraw: true, cancellationToken);

    private async Task<DisputeResult> ChangeAsync(
        Guid organizationId, Guid earningId, Guid disputeId, ClaimsPrincipal actor, string? comment, bool required, bool withdraw,
        CancellationToken cancellationToken)
    {
        var scope = IncentivesScope.For(actor, organizationId);
        var line = await Visible(organizationId, scope).AsNoTracking().SingleOrDefaultAsync(e => e.Id == earningId, cancellationToken);
        if (line is null)
        {
            return DisputeResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.EarningNotFound);
        }

        var dispute = await db.EarningDisputes.SingleOrDefaultAsync(d => d.Id == disputeId && d.EarningLineId == line.Id, cancellationToken);
        if (dispute is null)
        {
            return DisputeResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.DisputeNotFound);
        }

        if (!scope.Manages(line.LocationId))
        {
            return DisputeResult.Fail(StatusCodes.Status403Forbidden, IncentiveErrors.DisputeNotAllowed);
        }

        var validate = new Validate(localizer).Text("comment", comment, EarningDispute.CommentMaxLength, required, multiline: true);
        if (!validate.IsValid)
        {
            return Invalid(validate);
        }

        if (dispute.Status != DisputeStatus.Open)
        {
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeClosed);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrWhiteSpace(comment))
        {
            db.EarningDisputeComments.Add(new EarningDisputeComment { DisputeId = dispute.Id, AuthorAccountId = scope.AccountId, Body = comment.Trim(), CreatedUtc = now });
        }

        if (withdraw)
        {
            dispute.Status = DisputeStatus.Withdrawn;
            dispute.ClosedByAccountId = scope.AccountId;
            dispute.ClosedUtc = now;
        }

        dispute.Version = Guid.NewGuid();
        audit.Record(withdraw ? AuditEventType.EarningDisputeWithdrawn : AuditEventType.EarningDisputeCommented, organizationId, details: Details(line, dispute));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return DisputeResult.Ok(dispute);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: a comment and a withdrawal raced; the other one won and nothing of ours was written.
            db.ChangeTracker.Clear();
            return DisputeResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.DisputeChanged);
        }
    }

    private static IQueryable<EarningLine> Ordered(IQueryable<EarningLine> query) =>
        query.OrderByDescending(e => e.Period).ThenBy(e => e.Program).ThenBy(e => e.Lever).ThenBy(e => e.Id);

    private static DisputeResult Invalid(Validate validate) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);

    /// <summary>
    /// The audit details of a dispute step, shared with the vendor's side (which adds the outcome and amounts).
    /// </summary>
    /// <remarks>Note: comments stay out of the audit trail (free text may name people); the dispute holds them.</remarks>
    internal static Dictionary<string, object?> Details(EarningLine line, EarningDispute dispute) => new()
    {
        ["earningId"] = line.Id,
        ["disputeId"] = dispute.Id,
        ["program"] = line.Program,
        ["lever"] = line.Lever,
        ["period"] = line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
        ["reason"] = dispute.Reason.ToString(),
        ["status"] = dispute.Status.ToString(),
    };
}
