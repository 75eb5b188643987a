using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Referrals;

/// <summary>Stable error codes of the Referrals area; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class DealErrors
{
    /// <summary>The deal does not exist or is outside the caller's scope (the two answer alike).</summary>
    public const string DealNotFound = "deal_not_found";

    /// <summary>Won, Lost and Declined are final: the deal can no longer change.</summary>
    public const string DealClosed = "deal_closed";

    /// <summary>A custom period ends after today (or starts after it): closed deals lie in the past.</summary>
    public const string PeriodInFuture = "deal_period_in_future";

    /// <summary>A custom period starts after it ends.</summary>
    public const string PeriodReversed = "deal_period_reversed";

    /// <summary>A custom period spans more than <see cref="DealClosePeriod.MaxYears"/> years.</summary>
    public const string PeriodTooLong = "deal_period_too_long";

    /// <summary>A fixed period and a custom range were both given; only one may be.</summary>
    public const string PeriodConflict = "deal_period_conflict";

    /// <summary>Someone changed the deal since the caller read it (its version differs).</summary>
    public const string DealChanged = "deal_changed";

    /// <summary>The deal cannot move to that status from its current one (e.g. declining a deal that is already Active).</summary>
    public const string StatusNotAllowed = "deal_status_not_allowed";

    /// <summary>Only an admin of the deal's location (or of the organization) gives a deal to someone else.</summary>
    public const string OwnerChangeNotAllowed = "owner_change_not_allowed";

    /// <summary>The new owner is not an active account of the organization holding a Referrals role for the deal's location.</summary>
    public const string OwnerNotEligible = "owner_not_eligible";

    /// <summary>Deals are created by the organization's own accounts, never through a delegated-admin relationship.</summary>
    public const string MembersOnly = "referrals_members_only";

    /// <summary>The close reason is a known code but not one for this move (a decline reason on Lost, any reason on Active or Won).</summary>
    public const string CloseReasonNotForStatus = "close_reason_not_for_status";
}

/// <summary>The outcome of a deal command: the deal, or a stable error code with its HTTP status and field errors.</summary>
public sealed record DealResult(int Status, string? Error, Deal? Deal, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public static DealResult Ok(Deal deal) => new(StatusCodes.Status200OK, null, deal);

    public static DealResult Fail(int status, string error) => new(status, error, null);

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields);
}

/// <summary>The fields of a deal a person edits (the owner and location are checked against the caller's scope).</summary>
public sealed record DealInput(
    string? CustomerName, string? ContactName, string? ContactEmail, string? Description, decimal? Value, string? Currency,
    DateOnly? ExpectedCloseDate, Guid? OwnerId, Guid? LocationId, Guid? Version = null, string? SolutionArea = null);

/// <summary>A deal as the API and pages show it.</summary>
public sealed record DealView(
    Guid Id, string CustomerName, string ContactName, string ContactEmail, string Description, decimal Value, long ValueMinor,
    string Currency, DateOnly ExpectedCloseDate, string Status, string? LostReason, Guid OwnerId, string? OwnerName,
    Guid? LocationId, string? LocationName, Guid CreatedById, string? CreatedByName, DateTime CreatedAt, DateTime UpdatedAt,
    DateTime? ClosedAt, Guid Version, string? SolutionArea, string? CloseReason, string? CloseNote);

/// <summary>A move of a deal to another status; Lost and Declined take a close reason (and a note, required with <c>other</c>).</summary>
/// <param name="LegacyReason">The free-text reason of clients written before reasons were codes: with no <paramref name="CloseReason"/>, it
/// becomes the note of reason <c>other</c>.</param>
public sealed record DealStatusChange(string? Status, string? CloseReason, string? Note, Guid? Version, string? LegacyReason = null);

/// <summary>
/// How many deals closed in a period and why: Won, Lost and Declined, and Lost and Declined by reason, each as a count and
/// as totals per currency, with the win rate by count and by value.
/// </summary>
/// <param name="PeriodDays">The fixed period in days; null for a custom range (<paramref name="From"/> to <paramref name="To"/>, both included).</param>
/// <param name="Since">The first instant counted.</param>
/// <param name="Until">The first instant no longer counted; null: up to now.</param>
public sealed record DealCloseSummary(
    int? PeriodDays, DateTime Since, int Won, int Lost, int Declined,
    IReadOnlyList<DealReasonCount> LostByReason, IReadOnlyList<DealReasonCount> DeclinedByReason,
    DateOnly? From, DateOnly? To, DateTime? Until,
    IReadOnlyList<DealCurrencyTotal> WonValue, IReadOnlyList<DealCurrencyTotal> LostValue, IReadOnlyList<DealCurrencyTotal> DeclinedValue,
    DealWinRate WinRate);

/// <summary>How many deals closed with one reason, and their value per currency.</summary>
public sealed record DealReasonCount(string Reason, int Count, IReadOnlyList<DealCurrencyTotal> Values);

/// <summary>The deals of one currency and their total value in major units (totals of different currencies are never added up).</summary>
public sealed record DealCurrencyTotal(string Currency, int Count, decimal Value);

/// <summary>
/// Won ÷ (won + lost): by count over every currency, and by value within each currency. Declined deals never count (they
/// were never worked); a rate is null when there is nothing to divide by.
/// </summary>
public sealed record DealWinRate(int Won, int Lost, decimal? ByCount, IReadOnlyList<DealCurrencyRate> ByValue);

/// <summary>Won value ÷ (won + lost value) of one currency.</summary>
public sealed record DealCurrencyRate(string Currency, decimal WonValue, decimal LostValue, decimal? Rate);

public sealed record DealPage(IReadOnlyList<DealView> Items, int Page, int PageSize, int Total);

/// <summary>An account a deal can be given to, with the locations its Referrals roles cover (null: organization-wide).</summary>
public sealed record DealOwnerOption(Guid Id, string DisplayName, bool OrganizationWide, IReadOnlyList<Guid> Locations);

/// <summary>
/// Deals of the Referrals area (SPEC §2–3): list, create, edit and move through their statuses, within the caller's
/// <see cref="ReferralsScope"/>. The capability policy has already admitted the caller to <c>referrals</c>.
/// </summary>
/// <remarks>
/// Blocks: reading or changing deals outside the caller's scope (answered exactly like a missing deal, so ids of other
/// people's deals leak nothing), a Referrals user giving a deal away, owners without a Referrals role for the deal's
/// location, changes to closed deals, backwards status moves (and declining a deal already being worked), and lost
/// updates (the version is checked on every write). Every change is audited in the same transaction.
/// </remarks>
public sealed class DealService(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> localizer, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int DefaultPeriodDays = 90;

    /// <summary>The periods (in days before now) the close summary and the list's "closed within" filter offer.</summary>
    public static readonly IReadOnlyList<int> PeriodDays = [30, 90, 180, 365];

    /// <summary>The next statuses a deal may move to from <paramref name="status"/>.</summary>
    public static IReadOnlyList<DealStatus> NextStatuses(DealStatus status) => status switch
    {
        DealStatus.New => [DealStatus.Active, DealStatus.Declined],
        DealStatus.Active => [DealStatus.Won, DealStatus.Lost],
        _ => [],
    };

    public static bool TryParseStatus(string? value, out DealStatus status)
    {
        status = default;
        return value is not null && Enum.GetNames<DealStatus>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out status);
    }

    public IQueryable<Deal> Visible(Guid organizationId, ReferralsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var deals = db.Deals.Where(d => d.OrganizationId == organizationId);
        if (!scope.Member)
        {
            return deals.Where(d => false);
        }

        if (scope.OrganizationAdmin)
        {
            return deals;
        }

        var me = scope.AccountId;
        var locations = scope.AdminLocations.ToList();
        return deals.Where(d => d.OwnerAccountId == me || (d.LocationId != null && locations.Contains(d.LocationId.Value)));
    }

    public async Task<DealPage> ListAsync(
        Guid organizationId, ReferralsScope scope, DealStatus? status, int page, int pageSize, CancellationToken cancellationToken,
        string? reason = null, DealClosePeriod? closed = null)
    {
        var query = Visible(organizationId, scope).AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        if (reason is not null)
        {
            query = WithReason(query, reason);
        }

        if (closed is not null)
        {
            query = closed.Apply(query);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.CreatedUtc).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new DealPage(await ViewsAsync(rows, cancellationToken), page, pageSize, total);
    }

    /// <summary>The last <paramref name="days"/> days before now.</summary>
    public DealClosePeriod LastDays(int days) => DealClosePeriod.LastDays(days, time.GetUtcNow().UtcDateTime);

    /// <summary>Deals closed in <paramref name="period"/> within the caller's scope, counted and valued by outcome and reason.</summary>
    public async Task<DealCloseSummary> CloseSummaryAsync(Guid organizationId, ReferralsScope scope, DealClosePeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var rows = await period.Apply(Visible(organizationId, scope).AsNoTracking())
            .Where(d => d.Status == DealStatus.Won || d.Status == DealStatus.Lost || d.Status == DealStatus.Declined)
            .GroupBy(d => new { d.Status, d.CloseReason, d.Currency })
            .Select(g => new { g.Key.Status, g.Key.CloseReason, g.Key.Currency, Count = g.Count(), Sum = g.Sum(d => d.ValueMinor) })
            .ToListAsync(cancellationToken);
        var closed = rows.Select(r => new ClosedRow(r.Status, DealCloseReasons.Effective(r.Status, r.CloseReason), r.Currency, r.Count, r.Sum)).ToList();

        int Outcome(DealStatus status) => closed.Where(r => r.Status == status).Sum(r => r.Count);
        IReadOnlyList<DealCurrencyTotal> OutcomeValue(DealStatus status) => Totals(closed.Where(r => r.Status == status));
        IReadOnlyList<DealReasonCount> ByReason(DealStatus status) =>
        [
            .. DealCloseReasons.For(status)
                .Select(code => closed.Where(r => r.Status == status && r.Reason == code).ToList())
                .Where(group => group.Count > 0)
                .Select(group => new DealReasonCount(group[0].Reason!, group.Sum(r => r.Count), Totals(group)))
                .OrderByDescending(c => c.Count),
        ];

        var won = Outcome(DealStatus.Won);
        var lost = Outcome(DealStatus.Lost);
        var wonValue = OutcomeValue(DealStatus.Won);
        var lostValue = OutcomeValue(DealStatus.Lost);
        var byValue = wonValue.Select(w => w.Currency).Union(lostValue.Select(l => l.Currency)).Order(StringComparer.Ordinal)
            .Select(currency =>
            {
                var w = wonValue.SingleOrDefault(t => t.Currency == currency)?.Value ?? 0;
                var l = lostValue.SingleOrDefault(t => t.Currency == currency)?.Value ?? 0;
                return new DealCurrencyRate(currency, w, l, Rate(w, w + l));
            })
            .ToList();

        return new DealCloseSummary(
            period.Days, period.FromUtc, won, lost, Outcome(DealStatus.Declined), ByReason(DealStatus.Lost), ByReason(DealStatus.Declined),
            period.From, period.To, period.ToUtc, wonValue, lostValue, OutcomeValue(DealStatus.Declined),
            new DealWinRate(won, lost, Rate(won, won + lost), byValue));
    }

    /// <summary>
    /// The close summary as a CSV file for a spreadsheet, in the caller's language; the export is audited (who, which
    /// period, which scope) in its own transaction before the file is returned.
    /// </summary>
    public async Task<byte[]> ExportCloseSummaryAsync(
        Guid organizationId, ClaimsPrincipal actor, DealClosePeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(period);
        var scope = ReferralsScope.For(actor, organizationId);
        var summary = await CloseSummaryAsync(organizationId, scope, period, cancellationToken);
        var (first, last) = period.Dates(Today());
        var csv = new List<object?[]>
        {
            new object?[] { localizer["Deals.Csv.Section"].Value, localizer["Deals.Csv.Item"].Value, localizer["Deals.Csv.Deals"].Value,
                localizer["Deals.Csv.Currency"].Value, localizer["Deals.Csv.Value"].Value, localizer["Deals.Csv.Rate"].Value },
            new object?[] { localizer["Deals.Period"].Value, DealClosePeriod.Text(first) + " – " + DealClosePeriod.Text(last) },
            new object?[] { localizer["Deals.Csv.Scope"].Value, localizer[ScopeKey(scope)].Value },
        };

        foreach (var (status, count, values) in new[]
        {
            (DealStatus.Won, summary.Won, summary.WonValue), (DealStatus.Lost, summary.Lost, summary.LostValue), (DealStatus.Declined, summary.Declined, summary.DeclinedValue),
        })
        {
            WriteTotals(csv, localizer["Deals.Outcomes"].Value, localizer["DealStatus." + status].Value, count, values);
        }

        foreach (var (key, reasons) in new[] { ("Deals.LostByReason", summary.LostByReason), ("Deals.DeclinedByReason", summary.DeclinedByReason) })
        {
            foreach (var r in reasons)
            {
                WriteTotals(csv, localizer[key].Value, localizer["DealCloseReason." + r.Reason].Value, r.Count, r.Values);
            }
        }

        var rate = summary.WinRate;
        csv.Add([localizer["Deals.WinRate"].Value, localizer["Deals.WinRateByCount"].Value, Number(rate.Won + rate.Lost), null, null, Percent(rate.ByCount)]);
        foreach (var r in rate.ByValue)
        {
            csv.Add([localizer["Deals.WinRate"].Value, localizer["Deals.WinRateByValue"].Value, null, r.Currency,
                new CsvNumber(Money.Invariant(Money.ToMinor(r.WonValue + r.LostValue, r.Currency) ?? 0, r.Currency)), Percent(r.Rate)]);
        }

        audit.Record(AuditEventType.DealCloseSummaryExported, organizationId, actorAccountId: scope.AccountId,
            details: new { periodDays = period.Days, from = DealClosePeriod.Text(first), to = DealClosePeriod.Text(last), scope = ScopeName(scope) });
        await db.SaveChangesAsync(cancellationToken);
        return Csv.Encode(csv);
    }

    /// <summary>The download's file name: the period's first and last day.</summary>
    public string CloseSummaryFileName(DealClosePeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var (first, last) = period.Dates(Today());
        return $"deals-close-summary-{DealClosePeriod.Text(first)}-{DealClosePeriod.Text(last)}.csv";
    }

    private static void WriteTotals(List<object?[]> csv, string section, string item, int count, IReadOnlyList<DealCurrencyTotal> values)
    {
        if (values.Count == 0)
        {
            csv.Add([section, item, Number(count)]);
            return;
        }

        foreach (var v in values)
        {
            csv.Add([section, item, Number(v.Count), v.Currency, new CsvNumber(Money.Invariant(Money.ToMinor(v.Value, v.Currency) ?? 0, v.Currency))]);
        }
    }

    private static CsvNumber Number(int n) => new(n.ToString(CultureInfo.InvariantCulture));

    /// <summary>A rate as a percentage with one decimal ("66.7"); empty when undefined.</summary>
    private static CsvNumber? Percent(decimal? rate) =>
        rate is { } r ? new CsvNumber((r * 100).ToString("0.0", CultureInfo.InvariantCulture)) : null;

    private static string ScopeName(ReferralsScope scope) => scope.OrganizationAdmin ? "organization" : scope.IsAdmin ? "locations" : "own";

    private static string ScopeKey(ReferralsScope scope) =>
        scope.OrganizationAdmin ? "Deals.Csv.ScopeOrganization" : scope.IsAdmin ? "Deals.Csv.ScopeLocations" : "Deals.Csv.ScopeOwn";

    private static IReadOnlyList<DealCurrencyTotal> Totals(IEnumerable<ClosedRow> rows) =>
    [
        .. rows.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DealCurrencyTotal(g.Key, g.Sum(r => r.Count), Money.ToMajor(g.Sum(r => r.SumMinor), g.Key))),
    ];

    private static decimal? Rate(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole, 4, MidpointRounding.AwayFromZero);

    private sealed record ClosedRow(DealStatus Status, string? Reason, string Currency, int Count, long SumMinor);

    /// <summary>Deals closed with <paramref name="reason"/>; <c>other</c> includes deals closed before reasons were codes.</summary>
    private static IQueryable<Deal> WithReason(IQueryable<Deal> query, string reason) =>
        reason == DealCloseReasons.Other
            ? query.Where(d => d.CloseReason == reason || (d.CloseReason == null && (d.Status == DealStatus.Lost || d.Status == DealStatus.Declined)))
            : query.Where(d => d.CloseReason == reason);

    public async Task<DealView?> GetAsync(Guid organizationId, ReferralsScope scope, Guid dealId, CancellationToken cancellationToken) =>
        await Visible(organizationId, scope).AsNoTracking().SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken) is { } deal
            ? (await ViewsAsync([deal], cancellationToken))[0]
            : null;

    public async Task<IReadOnlyList<DealView>> ViewsAsync(IReadOnlyList<Deal> deals, CancellationToken cancellationToken)
    {
        var accountIds = deals.SelectMany(d => new[] { d.OwnerAccountId, d.CreatedByAccountId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var locationIds = deals.Where(d => d.LocationId != null).Select(d => d.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
        return deals.Select(d =>
        {
            var reason = DealCloseReasons.Effective(d.Status, d.CloseReason);
            // Note: lostReason is what clients written before reason codes read: the note, else the reason's label.
            var legacy = reason is null ? null : d.CloseNote ?? localizer["DealCloseReason." + reason].Value;
            return new DealView(
                d.Id, d.CustomerName, d.ContactName, d.ContactEmail, d.Description, Money.ToMajor(d.ValueMinor, d.Currency), d.ValueMinor,
                d.Currency, d.ExpectedCloseDate, d.Status.ToString(), legacy, d.OwnerAccountId, names.GetValueOrDefault(d.OwnerAccountId),
                d.LocationId, d.LocationId is { } l ? locations.GetValueOrDefault(l) : null, d.CreatedByAccountId, names.GetValueOrDefault(d.CreatedByAccountId),
                d.CreatedUtc, d.UpdatedUtc, d.ClosedUtc, d.Version, d.SolutionArea?.ToString(), reason, reason is null ? null : d.CloseNote);
        }).ToList();
    }

    /// <summary>Accounts of the organization a deal can be given to: active work accounts holding a Referrals role or Global admin.</summary>
    public async Task<IReadOnlyList<DealOwnerOption>> OwnerOptionsAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.Kind == AccountKind.Work && !a.IsBlocked)
            .Select(a => new
            {
                a.Id,
                a.DisplayName,
                Roles = a.RoleAssignments
                    .Where(r => (r.Role == Roles.GlobalAdmin && r.LocationId == null) || r.Role == Roles.ReferralsAdmin || r.Role == Roles.ReferralsUser)
                    .Select(r => r.LocationId).ToList(),
            })
            .Where(a => a.Roles.Count > 0)
            .OrderBy(a => a.DisplayName)
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows.Select(a => new DealOwnerOption(a.Id, a.DisplayName, a.Roles.Contains(null), [.. a.Roles.OfType<Guid>().Distinct()])).ToList();
    }

    public async Task<DealResult> CreateAsync(Guid organizationId, ClaimsPrincipal actor, DealInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scope = ReferralsScope.For(actor, organizationId);
        if (!scope.Member)
        {
            return DealResult.Fail(StatusCodes.Status403Forbidden, DealErrors.MembersOnly);
        }

        var today = Today();
        if (await ValidateAsync(organizationId, scope, input, closeDateChanged: true, today, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var owner = input.OwnerId ?? scope.AccountId;
        if (await CheckOwnerAsync(organizationId, scope, owner, input.LocationId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var currency = input.Currency!.Trim().ToUpperInvariant();
        var deal = new Deal
        {
            OrganizationId = organizationId,
            CustomerName = input.CustomerName!.Trim(),
            ContactName = input.ContactName!.Trim(),
            ContactEmail = input.ContactEmail!.Trim(),
            Description = input.Description!.Trim(),
            Currency = currency,
            ValueMinor = Money.ToMinor(input.Value!.Value, currency)!.Value,
            ExpectedCloseDate = input.ExpectedCloseDate!.Value,
            Status = DealStatus.New,
            OwnerAccountId = owner,
            LocationId = input.LocationId,
            SolutionArea = ParseSolutionArea(input.SolutionArea),
            CreatedByAccountId = scope.AccountId,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        db.Deals.Add(deal);
        audit.Record(AuditEventType.DealCreated, organizationId, owner, Details(deal));
        await db.SaveChangesAsync(cancellationToken);
        return DealResult.Ok(deal);
    }

    public async Task<DealResult> UpdateAsync(Guid organizationId, Guid dealId, ClaimsPrincipal actor, DealInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scope = ReferralsScope.For(actor, organizationId);
        var deal = await Visible(organizationId, scope).SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null)
        {
            return DealResult.Fail(StatusCodes.Status404NotFound, DealErrors.DealNotFound);
        }

        if (input.Version is null)
        {
            return Invalid(new Validate(localizer).Check(false, "version", FieldCodes.Required));
        }

        var today = Today();
        if (await ValidateAsync(organizationId, scope, input, input.ExpectedCloseDate != deal.ExpectedCloseDate, today, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (deal.IsClosed)
        {
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.DealClosed);
        }

        if (input.Version != deal.Version)
        {
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.DealChanged);
        }

        var owner = input.OwnerId ?? deal.OwnerAccountId;
        var reassigned = owner != deal.OwnerAccountId;
        if ((reassigned || input.LocationId != deal.LocationId)
            && await CheckOwnerAsync(organizationId, scope, owner, input.LocationId, cancellationToken, deal) is { } refused)
        {
            return refused;
        }

        var currency = input.Currency!.Trim().ToUpperInvariant();
        var previousOwner = deal.OwnerAccountId;
        var before = Snapshot(deal);
        deal.CustomerName = input.CustomerName!.Trim();
        deal.ContactName = input.ContactName!.Trim();
        deal.ContactEmail = input.ContactEmail!.Trim();
        deal.Description = input.Description!.Trim();
        deal.Currency = currency;
        deal.ValueMinor = Money.ToMinor(input.Value!.Value, currency)!.Value;
        deal.ExpectedCloseDate = input.ExpectedCloseDate!.Value;
        deal.LocationId = input.LocationId;
        deal.SolutionArea = ParseSolutionArea(input.SolutionArea);
        deal.OwnerAccountId = owner;
        var changed = Snapshot(deal).Where(kv => !Equals(before[kv.Key], kv.Value)).Select(kv => kv.Key).ToList();
        if (changed.Count == 0 && !reassigned)
        {
            return DealResult.Ok(deal);
        }

        deal.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        deal.Version = Guid.NewGuid();
        if (changed.Any(c => c != "owner"))
        {
            audit.Record(AuditEventType.DealUpdated, organizationId, deal.OwnerAccountId, new { dealId = deal.Id, customer = deal.CustomerName, changed });
        }

        if (reassigned)
        {
            audit.Record(AuditEventType.DealReassigned, organizationId, owner,
                new { dealId = deal.Id, customer = deal.CustomerName, previousOwnerId = previousOwner, ownerId = owner });
        }

        return await SaveAsync(deal, cancellationToken);
    }

    public async Task<DealResult> ChangeStatusAsync(
        Guid organizationId, Guid dealId, ClaimsPrincipal actor, DealStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var scope = ReferralsScope.For(actor, organizationId);
        var deal = await Visible(organizationId, scope).SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null)
        {
            return DealResult.Fail(StatusCodes.Status404NotFound, DealErrors.DealNotFound);
        }

        var validate = new Validate(localizer);
        var status = change.Status;
        var parsed = TryParseStatus(status, out var next);
        validate.Check(parsed || !string.IsNullOrWhiteSpace(status), "status", FieldCodes.Required);
        validate.Check(parsed || string.IsNullOrWhiteSpace(status), "status", FieldCodes.InvalidValue);
        // Note: the free text of older clients only ever went with Lost and Declined; with other moves it was ignored, and still is.
        var legacy = string.IsNullOrEmpty(change.CloseReason) && !string.IsNullOrWhiteSpace(change.LegacyReason) && parsed && Deal.NeedsReason(next);
        var (reason, note) = legacy
            ? (DealCloseReasons.Other, change.LegacyReason)
            : (string.IsNullOrEmpty(change.CloseReason) ? null : change.CloseReason, string.IsNullOrWhiteSpace(change.Note) ? null : change.Note);
        validate.Check(reason is null || DealCloseReasons.IsKnown(reason), "closeReason", FieldCodes.InvalidValue);
        if (validate.IsValid && Deal.NeedsReason(next))
        {
            validate.Check(reason is not null, "closeReason", FieldCodes.Required);
            validate.Text("note", note, Deal.CloseNoteMaxLength, required: reason == DealCloseReasons.Other, multiline: true);
        }
        else if (validate.IsValid)
        {
            validate.Text("note", note, Deal.CloseNoteMaxLength, required: false, multiline: true);
        }

        if (!validate.IsValid)
        {
            return Invalid(validate);
        }

        if (reason is not null && !DealCloseReasons.Fits(next, reason))
        {
            return new DealResult(StatusCodes.Status400BadRequest, DealErrors.CloseReasonNotForStatus, null,
                [new FieldError("closeReason", DealErrors.CloseReasonNotForStatus, localizer["Error." + DealErrors.CloseReasonNotForStatus].Value)]);
        }

        if (deal.IsClosed)
        {
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.DealClosed);
        }

        if (change.Version is { } v && v != deal.Version)
        {
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.DealChanged);
        }

        if (!NextStatuses(deal.Status).Contains(next))
        {
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.StatusNotAllowed);
        }

        var previous = deal.Status;
        var now = time.GetUtcNow().UtcDateTime;
        deal.Status = next;
        deal.CloseReason = Deal.NeedsReason(next) ? reason : null;
        deal.CloseNote = Deal.NeedsReason(next) ? note?.Trim() : null;
        deal.ClosedUtc = deal.IsClosed ? now : null;
        deal.UpdatedUtc = now;
        deal.Version = Guid.NewGuid();
        // Note: the note may name people or terms of the customer, so the audit trail records only that one was given.
        audit.Record(AuditEventType.DealStatusChanged, organizationId, deal.OwnerAccountId,
            new { dealId = deal.Id, customer = deal.CustomerName, from = previous.ToString(), to = next.ToString(), reason = deal.CloseReason, noteGiven = deal.CloseNote is not null });
        return await SaveAsync(deal, cancellationToken);
    }

    private async Task<DealResult> SaveAsync(Deal deal, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return DealResult.Ok(deal);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: another request changed the deal between our read and write; nothing of ours was written.
            db.ChangeTracker.Clear();
            return DealResult.Fail(StatusCodes.Status409Conflict, DealErrors.DealChanged);
        }
    }

    private async Task<DealResult?> ValidateAsync(
        Guid organizationId, ReferralsScope scope, DealInput input, bool closeDateChanged, DateOnly today, CancellationToken cancellationToken)
    {
        var validate = new Validate(localizer)
            .Text("customerName", input.CustomerName, Deal.CustomerNameMaxLength)
            .Text("contactName", input.ContactName, Deal.ContactNameMaxLength)
            .Email("contactEmail", input.ContactEmail)
            .Text("description", input.Description, Deal.DescriptionMaxLength, multiline: true)
            .Check(string.IsNullOrEmpty(input.SolutionArea) || Designations.SolutionAreas.TryParse(input.SolutionArea, out _), "solutionArea", FieldCodes.InvalidValue);

        var currency = input.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(currency))
        {
            validate.Check(false, "currency", FieldCodes.Required);
        }
        else
        {
            validate.Check(Money.IsCurrency(currency), "currency", FieldCodes.InvalidValue);
        }

        if (input.Value is not { } value)
        {
            validate.Check(false, "value", FieldCodes.Required);
        }
        else if (value <= 0 || value > Money.MaxValue)
        {
            validate.Check(false, "value", FieldCodes.OutOfRange);
        }
        else if (currency is not null && Money.IsCurrency(currency))
        {
            validate.Check(Money.ToMinor(value, currency) is not null, "value", FieldCodes.InvalidValue);
        }

        if (input.ExpectedCloseDate is not { } close)
        {
            validate.Check(false, "expectedCloseDate", FieldCodes.Required);
        }
        else if (closeDateChanged)
        {
            validate.Check(close >= today && close <= today.AddYears(5), "expectedCloseDate", FieldCodes.OutOfRange);
        }

        if (input.LocationId is { } location)
        {
            var known = await db.Locations.AnyAsync(l => l.Id == location && l.OrganizationId == organizationId, cancellationToken);
            validate.Check(known && scope.CanPlace(location), "locationId", FieldCodes.InvalidValue);
        }
        else
        {
            // Note: a person whose Referrals roles are all for locations keeps their deals at one of those locations.
            validate.Check(scope.CanPlace(null), "locationId", FieldCodes.Required);
        }

        return validate.IsValid ? null : Invalid(validate);
    }

    /// <summary>
    /// Checks that <paramref name="owner"/> may hold a deal at <paramref name="locationId"/> and that the caller may give
    /// it to them: anyone keeps or takes a deal for themselves, only an admin of the location gives it to someone else.
    /// </summary>
    private async Task<DealResult?> CheckOwnerAsync(
        Guid organizationId, ReferralsScope scope, Guid owner, Guid? locationId, CancellationToken cancellationToken, Deal? existing = null)
    {
        if (owner == scope.AccountId)
        {
            // Note: CanPlace already proved the caller holds a Referrals role for the location.
            return null;
        }

        var keepsOwner = existing is not null && existing.OwnerAccountId == owner;
        if (!scope.Manages(locationId) || (existing is not null && !keepsOwner && !scope.Manages(existing.LocationId)))
        {
            return DealResult.Fail(StatusCodes.Status403Forbidden, DealErrors.OwnerChangeNotAllowed);
        }

        var eligible = await db.Users.AnyAsync(a => a.Id == owner && a.OrganizationId == organizationId && a.Kind == AccountKind.Work && !a.IsBlocked
            && a.RoleAssignments.Any(r => (r.Role == Roles.GlobalAdmin && r.LocationId == null)
                || ((r.Role == Roles.ReferralsAdmin || r.Role == Roles.ReferralsUser) && (r.LocationId == null || r.LocationId == locationId))),
            cancellationToken);
        return eligible ? null : DealResult.Fail(StatusCodes.Status400BadRequest, DealErrors.OwnerNotEligible);
    }

    /// <summary>The tagged solution area; empty means none (the form's "Not set").</summary>
    private static Designations.SolutionArea? ParseSolutionArea(string? value) =>
        Designations.SolutionAreas.TryParse(value, out var area) ? area : null;

    private static DealResult Invalid(Validate validate) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);

    /// <summary>Today's UTC date.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static Dictionary<string, object?> Snapshot(Deal d) => new(StringComparer.Ordinal)
    {
        ["customerName"] = d.CustomerName, ["contactName"] = d.ContactName, ["contactEmail"] = d.ContactEmail, ["description"] = d.Description,
        ["value"] = d.ValueMinor, ["currency"] = d.Currency, ["expectedCloseDate"] = d.ExpectedCloseDate, ["locationId"] = d.LocationId,
        ["owner"] = d.OwnerAccountId, ["solutionArea"] = d.SolutionArea,
    };

    private static object Details(Deal deal) => new
    {
        dealId = deal.Id,
        customer = deal.CustomerName,
        value = deal.ValueMinor,
        currency = deal.Currency,
        status = deal.Status.ToString(),
        ownerId = deal.OwnerAccountId,
        locationId = deal.LocationId,
        solutionArea = deal.SolutionArea?.ToString(),
    };
}
