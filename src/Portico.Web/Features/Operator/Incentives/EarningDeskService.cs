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

/// <summary>Stable error codes of a line's adjustment at the vendor's desk; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class AdjustmentErrors
{
    /// <summary>The adjustment gives the line the amount and status it already has.</summary>
    public const string NoChange = "earning_adjustment_no_change";

    /// <summary>The adjustment names another currency than the line's; a line keeps its currency (reverse it and add a new line).</summary>
    public const string CurrencyChanged = "earning_currency_changed";

    /// <summary>The adjustment would move the status backwards (the same rule as the import's <see cref="ImportCodes.StatusBackwards"/>).</summary>
    public const string StatusBackwards = "earning_status_backwards";

    /// <summary>The line is Paid, which is final: its amount no longer changes (as in the import's <see cref="ImportCodes.LinePaid"/>).</summary>
    public const string LinePaid = "earning_paid";

    /// <summary>The line has an open dispute: its resolution is the way to change the line.</summary>
    public const string LineDisputed = "earning_disputed";
}

/// <summary>A line as the vendor's desk lists it: the organization, the line's facts and how often it was adjusted.</summary>
public sealed record DeskEarningRow(
    Guid Id, Guid OrganizationId, string OrganizationName, string PartnerId, string Program, string Lever, string Period,
    string? LocationName, decimal Amount, long AmountMinor, string Currency, string Status, string? Reference, bool Disputed, int Adjustments);

public sealed record DeskEarningPage(IReadOnlyList<DeskEarningRow> Items, int Page, int PageSize, int Total);

/// <summary>One line at the vendor's desk with its <see cref="Version"/> (for an adjustment), any open dispute and its adjustment history, newest first.</summary>
public sealed record DeskEarningView(
    Guid Id, Guid Version, Guid OrganizationId, string OrganizationName, string PartnerId, string Program, string Lever, string Period,
    string? LocationName, string? LocationPartnerId, decimal Amount, long AmountMinor, string Currency, string Status, DateOnly? PaidOn,
    string? HoldReason, string? Reference, Guid? OpenDisputeId, DateTime UpdatedAt, IReadOnlyList<AdjustmentView> Adjustments);

/// <summary>
/// What the staff member asks of a line: a new <paramref name="Amount"/> (major units of the line's currency) and/or a new
/// <paramref name="Status"/> (with <paramref name="PaidOn"/> when moving to Paid, <paramref name="HoldReason"/> when moving to
/// OnHold), the <paramref name="Reason"/>, an optional <paramref name="Note"/>, and the line's <paramref name="Version"/> as read.
/// <paramref name="Currency"/> is optional and, when given, must be the line's.
/// </summary>
public sealed record EarningAdjustmentInput(
    decimal? Amount, string? Status, string? PaidOn, string? HoldReason, string? Currency, string? Reason, string? Note, Guid? Version);

/// <summary>
/// The vendor's earnings lines at the Incentives desk (operator capability <c>operator.incentives</c>): finding a line across
/// organizations, and correcting one by hand (amount and/or status) with a reason, kept as the line's adjustment history.
/// </summary>
/// <remarks>
/// Blocks: lost updates (an adjustment against a stale version, or racing a dispute being opened, an import or another
/// adjustment, answers 409 <c>earning_changed</c> and writes nothing), changes around an open dispute (its resolution is
/// the way), statuses moving backwards and changes to Paid lines (the import's rules, <see cref="EarningImportService.MayMove"/>),
/// currency changes, and silent changes to money: each adjustment is audited in the partner organization's chain and in
/// the platform chain in the same transaction, with the old and new values but never the note's text.
/// </remarks>
public sealed class EarningDeskService(
    AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> localizer, TimeProvider time, DisputeEmails emails)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Lines newest month first, filtered by organization name or Partner ID and by the vendor's reference (exact).</summary>
    public async Task<DeskEarningPage> FindAsync(string? organization, string? reference, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = db.EarningLines.AsNoTracking()
            .Join(db.Organizations, e => e.OrganizationId, o => o.Id, (e, o) => new { Line = e, o.DisplayName, o.PartnerId });
        if (!string.IsNullOrWhiteSpace(organization))
        {
            // Note: lower-cased on both sides so SQLite and PostgreSQL match alike, as the dispute queue does.
            var term = organization.Trim();
            var lower = term.ToLowerInvariant();
#pragma warning disable CA1862 // Note: runs as SQL (LOWER … LIKE); the StringComparison overload does not translate.
            rows = rows.Where(r => r.PartnerId == term || r.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        if (!string.IsNullOrWhiteSpace(reference))
        {
            var exact = reference.Trim();
            rows = rows.Where(r => r.Line.Reference == exact);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Line.Period).ThenBy(r => r.DisplayName).ThenBy(r => r.Line.Program).ThenBy(r => r.Line.Lever).ThenBy(r => r.Line.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                r.Line, r.DisplayName, r.PartnerId,
                Location = db.Locations.Where(l => l.Id == r.Line.LocationId).Select(l => l.Name).FirstOrDefault(),
                Disputed = db.EarningDisputes.Any(d => d.EarningLineId == r.Line.Id && d.Status == DisputeStatus.Open),
                Adjustments = db.EarningAdjustments.Count(a => a.EarningLineId == r.Line.Id),
            })
            .ToListAsync(cancellationToken);
        return new DeskEarningPage(
            [.. items.Select(r => new DeskEarningRow(
                r.Line.Id, r.Line.OrganizationId, r.DisplayName, r.PartnerId, r.Line.Program, r.Line.Lever,
                r.Line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture), r.Location,
                Money.ToMajor(r.Line.AmountMinor, r.Line.Currency), r.Line.AmountMinor, r.Line.Currency, r.Line.Status.ToString(),
                r.Line.Reference, r.Disputed, r.Adjustments))],
            page, pageSize, total);
    }

    public async Task<DeskEarningView?> GetAsync(Guid earningId, CancellationToken cancellationToken)
    {
        if (await db.EarningLines.AsNoTracking().SingleOrDefaultAsync(e => e.Id == earningId, cancellationToken) is not { } line)
        {
            return null;
        }

        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == line.OrganizationId)
            .Select(o => new { o.DisplayName, o.PartnerId }).SingleAsync(cancellationToken);
        var location = line.LocationId is { } l
            ? await db.Locations.AsNoTracking().Where(x => x.Id == l).Select(x => new { x.Name, x.PartnerId }).SingleOrDefaultAsync(cancellationToken)
            : null;
        var open = await db.EarningDisputes.AsNoTracking().Where(d => d.EarningLineId == line.Id && d.Status == DisputeStatus.Open)
            .Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
        return new DeskEarningView(
            line.Id, line.Version, line.OrganizationId, org.DisplayName, org.PartnerId, line.Program, line.Lever,
            line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture), location?.Name, location?.PartnerId,
            Money.ToMajor(line.AmountMinor, line.Currency), line.AmountMinor, line.Currency, line.Status.ToString(), line.PaidOn, line.HoldReason,
            line.Reference, open, line.UpdatedUtc, await AdjustmentView.HistoryAsync(db, line, cancellationToken));
    }

    /// <summary>
    /// Corrects one line by hand and records the adjustment. Checks, in order: the request's fields (400
    /// <c>validation_failed</c>), the currency (400), the version the staff member read (409 <c>earning_changed</c>),
    /// that something changes (400), the status rule and Paid lines (409), and that no dispute is open (409).
    /// </summary>
    public async Task<DeskResult> AdjustAsync(ClaimsPrincipal staff, Guid earningId, EarningAdjustmentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(input);
        var line = await db.EarningLines.SingleOrDefaultAsync(e => e.Id == earningId, cancellationToken);
        if (line is null)
        {
            return DeskResult.Fail(StatusCodes.Status404NotFound, IncentiveErrors.EarningNotFound);
        }

        var validate = new Validate(localizer);
        var reasonParsed = EarningService.TryParseName(input.Reason, out AdjustmentReason reason);
        validate.Check(reasonParsed || !string.IsNullOrWhiteSpace(input.Reason), "reason", FieldCodes.Required);
        validate.Check(reasonParsed || string.IsNullOrWhiteSpace(input.Reason), "reason", FieldCodes.InvalidValue);
        validate.Text("note", input.Note, EarningAdjustment.NoteMaxLength, required: reasonParsed && reason == AdjustmentReason.Other, multiline: true);
        long? amount = null;
        if (input.Amount is { } major)
        {
            var inRange = Math.Abs(major) <= Money.MaxValue;
            amount = inRange ? Money.ToMinor(major, line.Currency) : null;
            validate.Check(amount is not null, "amount", inRange ? FieldCodes.InvalidValue : FieldCodes.OutOfRange);
        }

        EarningStatus? status = null;
        if (!string.IsNullOrEmpty(input.Status))
        {
            var statusParsed = EarningService.TryParseName(input.Status, out EarningStatus s);
            validate.Check(statusParsed, "status", FieldCodes.InvalidValue);
            status = statusParsed ? s : null;
        }

        // Note: a payment date and a hold reason go with a move to Paid and to OnHold only, as in the import.
        var movesTo = status is { } target && target != line.Status ? target : (EarningStatus?)null;
        DateOnly? paidOn = null;
        if (!string.IsNullOrEmpty(input.PaidOn))
        {
            var ok = DateOnly.TryParseExact(input.PaidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100;
            validate.Check(ok && movesTo == EarningStatus.Paid, "paidOn", FieldCodes.InvalidValue);
            paidOn = ok ? day : null;
        }
        else
        {
            validate.Check(movesTo != EarningStatus.Paid, "paidOn", FieldCodes.Required);
        }

        if (!string.IsNullOrEmpty(input.HoldReason))
        {
            validate.Check(HoldReasons.All.Contains(input.HoldReason, StringComparer.Ordinal) && movesTo == EarningStatus.OnHold, "holdReason", FieldCodes.InvalidValue);
        }
        else
        {
            validate.Check(movesTo != EarningStatus.OnHold, "holdReason", FieldCodes.Required);
        }

        validate.Text("currency", input.Currency, 3, required: false);
        validate.Check(input.Version is not null, "version", FieldCodes.Required);
        if (!validate.IsValid)
        {
            return new DeskResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, validate.Errors);
        }

        if (input.Currency is { } currency && !string.Equals(currency.Trim(), line.Currency, StringComparison.Ordinal))
        {
            return DeskResult.Fail(StatusCodes.Status400BadRequest, AdjustmentErrors.CurrencyChanged);
        }

        if (input.Version != line.Version)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.EarningChanged);
        }

        var newAmount = amount ?? line.AmountMinor;
        var newStatus = status ?? line.Status;
        if (newAmount == line.AmountMinor && newStatus == line.Status)
        {
            return DeskResult.Fail(StatusCodes.Status400BadRequest, AdjustmentErrors.NoChange);
        }

        if (!EarningImportService.MayMove(line.Status, newStatus))
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, AdjustmentErrors.StatusBackwards);
        }

        if (line.Status == EarningStatus.Paid)
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, AdjustmentErrors.LinePaid);
        }

        if (await db.EarningDisputes.AnyAsync(d => d.EarningLineId == line.Id && d.Status == DisputeStatus.Open, cancellationToken))
        {
            return DeskResult.Fail(StatusCodes.Status409Conflict, AdjustmentErrors.LineDisputed);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var adjustment = new EarningAdjustment
        {
            OrganizationId = line.OrganizationId,
            EarningLineId = line.Id,
            AdjustedByAccountId = staff.AccountId()!.Value,
            AdjustedUtc = now,
            Reason = reason,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            PreviousAmountMinor = line.AmountMinor,
            NewAmountMinor = newAmount,
            PreviousStatus = line.Status,
            NewStatus = newStatus,
        };
        db.EarningAdjustments.Add(adjustment);
        line.AmountMinor = newAmount;
        line.Status = newStatus;
        line.PaidOn = newStatus == EarningStatus.Paid ? paidOn ?? line.PaidOn : null;
        line.HoldReason = newStatus == EarningStatus.OnHold ? input.HoldReason ?? line.HoldReason : null;
        line.UpdatedUtc = now;
        line.Version = Guid.NewGuid();

        // Note: the note stays out of the audit trail (free text may name people); the adjustment holds it.
        var details = new
        {
            earningId = line.Id,
            adjustmentId = adjustment.Id,
            reference = line.Reference,
            program = line.Program,
            lever = line.Lever,
            period = line.Period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
            reason = reason.ToString(),
            previousAmount = Money.Invariant(adjustment.PreviousAmountMinor, line.Currency),
            newAmount = Money.Invariant(adjustment.NewAmountMinor, line.Currency),
            currency = line.Currency,
            previousStatus = adjustment.PreviousStatus.ToString(),
            newStatus = adjustment.NewStatus.ToString(),
            noteGiven = adjustment.Note is not null,
        };
        audit.Record(AuditEventType.EarningLineAdjusted, line.OrganizationId, details: details);
        audit.Record(AuditEventType.EarningLineAdjusted, targetOrganizationId: null, details: details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: a dispute was opened, an import or a resolution changed the line, or another agent adjusted it between
            // our read and our write; nothing of ours was written.
            db.ChangeTracker.Clear();
            return DeskResult.Fail(StatusCodes.Status409Conflict, IncentiveErrors.EarningChanged);
        }

        await emails.SendAdjustedAsync(adjustment, line, cancellationToken);
        return DeskResult.Ok;
    }
}
