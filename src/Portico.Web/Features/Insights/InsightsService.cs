using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using Portico.Web.Features.Referrals;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Insights;

/// <summary>Stable error codes of Insights; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class InsightsErrors
{
    public const string ReportNotFound = "insights_report_not_found";
    public const string OrganizationRoleRequired = "insights_organization_role_required";

    public static readonly IReadOnlyList<string> All = [ReportNotFound, OrganizationRoleRequired];
}

/// <summary>The reports Insights offers, by the id used in URLs.</summary>
public static class InsightsReports
{
    public const string Referrals = "referrals";
    public const string Marketplace = "marketplace";

    public static readonly IReadOnlyList<string> All = [Referrals, Marketplace];
}

/// <summary>
/// The time window a report covers: deals and offers created in it, deals closed in it, offers published in it.
/// Ids: <c>90d</c> (last 90 days), <c>12m</c> (last 12 months, the default), <c>ytd</c> (this calendar year, UTC).
/// </summary>
public sealed record InsightsPeriod(string Id, DateTime FromUtc, DateTime ToUtc)
{
    public const string Last90Days = "90d";
    public const string Last12Months = "12m";
    public const string ThisYear = "ytd";

    public static readonly IReadOnlyList<string> All = [Last90Days, Last12Months, ThisYear];

    public static InsightsPeriod? Parse(string? id, DateTime nowUtc)
    {
        var monthStart = new DateTime(nowUtc.Year, nowUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (string.IsNullOrEmpty(id) ? Last12Months : id) switch
        {
            Last90Days => new(Last90Days, nowUtc.AddDays(-90), nowUtc),
            // Note: twelve whole months including the current one, so every monthly bucket is complete but the last.
            Last12Months => new(Last12Months, monthStart.AddMonths(-11), nowUtc),
            ThisYear => new(ThisYear, new DateTime(nowUtc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc), nowUtc),
            _ => null,
        };
    }

    /// <summary>Every month the period touches, oldest first, as <c>yyyy-MM</c>.</summary>
    public IReadOnlyList<string> Months()
    {
        var months = new List<string>();
        for (var m = new DateTime(FromUtc.Year, FromUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc); m <= ToUtc; m = m.AddMonths(1))
        {
            months.Add(Month(m.Year, m.Month));
        }

        return months;
    }

    public static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    public static string Quarter(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-Q{((month - 1) / 3) + 1}");
}

public sealed record CountItem(string Key, int Count);

public sealed record LocationCount(Guid? LocationId, string? LocationName, int Count);

public sealed record WinRate(int Won, int Lost, decimal? Rate);

public sealed record CurrencyAmount(string Currency, int Deals, decimal Value);

public sealed record QuarterAmount(string Quarter, string Currency, int Deals, decimal Value);

/// <summary>Money figures, per currency (never summed across currencies), for executive viewers only.</summary>
public sealed record ReferralsRevenue(
    IReadOnlyList<CurrencyAmount> Pipeline, IReadOnlyList<QuarterAmount> WonPerQuarter, IReadOnlyList<CurrencyAmount> AverageDealSize);

/// <summary>The Referrals pipeline report; <see cref="Revenue"/> is left out of the JSON for a viewer without revenue.</summary>
public sealed record ReferralsReport(
    Guid OrganizationId,
    string Period,
    DateTime From,
    DateTime To,
    bool OrganizationWide,
    IReadOnlyList<Guid> Locations,
    bool IncludesRevenue,
    IReadOnlyList<CountItem> ByStatus,
    IReadOnlyList<LocationCount> ByLocation,
    IReadOnlyList<CountItem> CreatedPerMonth,
    WinRate WinRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReferralsRevenue? Revenue)
{
    public int Total => ByStatus.Sum(s => s.Count);
}

public sealed record MarketplaceReport(
    Guid OrganizationId,
    string Period,
    DateTime From,
    DateTime To,
    IReadOnlyList<CountItem> ByStatus,
    IReadOnlyList<CountItem> ByType,
    IReadOnlyList<CountItem> PublishedPerMonth)
{
    public int Total => ByStatus.Sum(s => s.Count);
}

/// <summary>
/// Insights (SPEC §2–3): reports computed live from the organization's deals and offers, narrowed by
/// <see cref="InsightsScope"/>, and their CSV exports. Reading a report writes nothing; every export is audited.
/// </summary>
public sealed class InsightsService(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t)
{
    public async Task<ReferralsReport> ReferralsAsync(Guid organizationId, InsightsScope scope, InsightsPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var (from, to) = (period.FromUtc, period.ToUtc);
        var inScope = Scoped(organizationId, scope);
        var created = inScope.Where(d => d.CreatedUtc >= from && d.CreatedUtc <= to);
        var closed = inScope.Where(d => d.ClosedUtc != null && d.ClosedUtc >= from && d.ClosedUtc <= to);

        var byStatus = await created.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byLocation = await created.GroupBy(d => d.LocationId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var perMonth = await created.GroupBy(d => new { d.CreatedUtc.Year, d.CreatedUtc.Month }).Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var closedByStatus = await closed.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == organizationId).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        var locationRows = new List<LocationCount>();
        if (scope.OrganizationWide)
        {
            locationRows.Add(new LocationCount(null, null, byLocation.SingleOrDefault(l => l.Key is null)?.Count ?? 0));
        }

        locationRows.AddRange(locations.Where(l => scope.OrganizationWide || scope.Locations.Contains(l.Id))
            .Select(l => new LocationCount(l.Id, l.Name, byLocation.SingleOrDefault(b => b.Key == l.Id)?.Count ?? 0)));

        var won = closedByStatus.SingleOrDefault(s => s.Key == DealStatus.Won)?.Count ?? 0;
        var lost = closedByStatus.SingleOrDefault(s => s.Key == DealStatus.Lost)?.Count ?? 0;
        var rate = won + lost == 0 ? (decimal?)null : Math.Round((decimal)won / (won + lost), 4);

        ReferralsRevenue? revenue = null;
        if (scope.IncludesRevenue)
        {
            var open = await created.Where(d => d.Status == DealStatus.New || d.Status == DealStatus.Active)
                .GroupBy(d => d.Currency).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.ValueMinor) }).ToListAsync(cancellationToken);
            var wonDeals = closed.Where(d => d.Status == DealStatus.Won);
            var wonByMonth = await wonDeals.GroupBy(d => new { d.Currency, d.ClosedUtc!.Value.Year, d.ClosedUtc.Value.Month })
                .Select(g => new { g.Key.Currency, g.Key.Year, g.Key.Month, Count = g.Count(), Sum = g.Sum(d => d.ValueMinor) }).ToListAsync(cancellationToken);
            revenue = new ReferralsRevenue(
                [.. open.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new CurrencyAmount(o.Key, o.Count, Money.ToMajor(o.Sum, o.Key)))],
                [.. wonByMonth.GroupBy(w => (Quarter: InsightsPeriod.Quarter(w.Year, w.Month), w.Currency))
                    .OrderBy(g => g.Key.Quarter, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
                    .Select(g => new QuarterAmount(g.Key.Quarter, g.Key.Currency, g.Sum(w => w.Count), Money.ToMajor(g.Sum(w => w.Sum), g.Key.Currency)))],
                [.. wonByMonth.GroupBy(w => w.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new CurrencyAmount(g.Key, g.Sum(w => w.Count), Average(g.Sum(w => w.Sum), g.Sum(w => w.Count), g.Key)))]);
        }

        return new ReferralsReport(
            organizationId, period.Id, from, to, scope.OrganizationWide, [.. scope.Locations], scope.IncludesRevenue,
            [.. Enum.GetValues<DealStatus>().Select(s => new CountItem(s.ToString(), byStatus.SingleOrDefault(b => b.Key == s)?.Count ?? 0))],
            locationRows,
            [.. period.Months().Select(m => new CountItem(m, perMonth.Where(p => InsightsPeriod.Month(p.Year, p.Month) == m).Sum(p => p.Count)))],
            new WinRate(won, lost, rate),
            revenue);
    }

    /// <summary>Offers of the organization; the caller checks <see cref="InsightsScope.SeesOffers"/> first.</summary>
    public async Task<MarketplaceReport> MarketplaceAsync(Guid organizationId, InsightsPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var (from, to) = (period.FromUtc, period.ToUtc);
        var offers = db.Offers.AsNoTracking().Where(o => o.OrganizationId == organizationId);
        var created = offers.Where(o => o.CreatedUtc >= from && o.CreatedUtc <= to);
        var byStatus = await created.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byType = await created.GroupBy(o => o.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        // Note: an offer keeps only its latest publication time, so an offer published again counts in that month only.
        var published = await offers.Where(o => o.PublishedUtc != null && o.PublishedUtc >= from && o.PublishedUtc <= to)
            .GroupBy(o => new { o.PublishedUtc!.Value.Year, o.PublishedUtc.Value.Month }).Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new MarketplaceReport(
            organizationId, period.Id, from, to,
            [.. Enum.GetValues<OfferStatus>().Select(s => new CountItem(s.ToString(), byStatus.SingleOrDefault(b => b.Key == s)?.Count ?? 0))],
            [.. Enum.GetValues<OfferType>().Select(s => new CountItem(s.ToString(), byType.SingleOrDefault(b => b.Key == s)?.Count ?? 0))],
            [.. period.Months().Select(m => new CountItem(m, published.Where(p => InsightsPeriod.Month(p.Year, p.Month) == m).Sum(p => p.Count)))]);
    }

    /// <summary>
    /// The report as CSV (UTF-8 with a byte order mark, so spreadsheet programs read Japanese correctly), headed in the
    /// current UI culture; the export is audited (who, which report, which period) before the file is returned.
    /// Money columns appear only in a report that carries revenue.
    /// </summary>
    public async Task<byte[]> ExportAsync(Guid organizationId, ClaimsPrincipal actor, string report, InsightsPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(period);
        var scope = InsightsScope.For(actor, organizationId);
        var csv = new List<object?[]>();
        bool revenue;
        if (report == InsightsReports.Referrals)
        {
            var r = await ReferralsAsync(organizationId, scope, period, cancellationToken);
            revenue = r.Revenue is not null;
            WriteReferrals(csv, r);
        }
        else
        {
            revenue = false;
            WriteMarketplace(csv, await MarketplaceAsync(organizationId, period, cancellationToken));
        }

        audit.Record(AuditEventType.InsightsReportExported, organizationId, actorAccountId: actor.AccountId(),
            details: new { report, period = period.Id, from = period.FromUtc, to = period.ToUtc, revenue });
        await db.SaveChangesAsync(cancellationToken);
        return Csv.Encode(csv);
    }

    public static string FileName(string report, InsightsPeriod period) =>
        string.Create(CultureInfo.InvariantCulture, $"insights-{report}-{period.Id}-{period.ToUtc:yyyy-MM-dd}.csv");

    private IQueryable<Deal> Scoped(Guid organizationId, InsightsScope scope)
    {
        var deals = db.Deals.AsNoTracking().Where(d => d.OrganizationId == organizationId);
        if (scope.OrganizationWide)
        {
            return deals;
        }

        var locations = scope.Locations.ToList();
        return deals.Where(d => d.LocationId != null && locations.Contains(d.LocationId.Value));
    }

    private static decimal Average(long sumMinor, int count, string currency) =>
        Math.Round(Money.ToMajor(sumMinor, currency) / count, Money.Currencies.GetValueOrDefault(currency, 2), MidpointRounding.AwayFromZero);

    private void WriteReferrals(List<object?[]> csv, ReferralsReport r)
    {
        var money = r.Revenue is not null;
        Row(csv, money, t["Insights.Csv.Section"], t["Insights.Csv.Item"], t["Insights.Csv.Count"], t["Insights.Csv.Currency"], t["Insights.Csv.Amount"]);
        foreach (var s in r.ByStatus)
        {
            Row(csv, money, t["Insights.DealsByStatus"], t["DealStatus." + s.Key], Number(s.Count));
        }

        foreach (var l in r.ByLocation)
        {
            Row(csv, money, t["Insights.DealsByLocation"], l.LocationName ?? t["Deals.NoLocation"].Value, Number(l.Count));
        }

        foreach (var m in r.CreatedPerMonth)
        {
            Row(csv, money, t["Insights.DealsPerMonth"], m.Key, Number(m.Count));
        }

        Row(csv, money, t["Insights.WinRate"], r.WinRate.Rate is { } rate ? (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "",
            Number(r.WinRate.Won + r.WinRate.Lost));
        if (r.Revenue is { } revenue)
        {
            foreach (var p in revenue.Pipeline)
            {
                Row(csv, money, t["Insights.Pipeline"], "", Number(p.Deals), p.Currency, Amount(p.Value, p.Currency));
            }

            foreach (var q in revenue.WonPerQuarter)
            {
                Row(csv, money, t["Insights.WonPerQuarter"], q.Quarter, Number(q.Deals), q.Currency, Amount(q.Value, q.Currency));
            }

            foreach (var a in revenue.AverageDealSize)
            {
                Row(csv, money, t["Insights.AverageDealSize"], "", Number(a.Deals), a.Currency, Amount(a.Value, a.Currency));
            }
        }
    }

    private void WriteMarketplace(List<object?[]> csv, MarketplaceReport r)
    {
        Row(csv, false, t["Insights.Csv.Section"], t["Insights.Csv.Item"], t["Insights.Csv.Count"]);
        foreach (var s in r.ByStatus)
        {
            Row(csv, false, t["Insights.OffersByStatus"], t["OfferStatus." + s.Key], Number(s.Count));
        }

        foreach (var s in r.ByType)
        {
            Row(csv, false, t["Insights.OffersByType"], t["OfferType." + s.Key], Number(s.Count));
        }

        foreach (var m in r.PublishedPerMonth)
        {
            Row(csv, false, t["Insights.OffersPerMonth"], m.Key, Number(m.Count));
        }
    }

    private static CsvNumber Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static CsvNumber Amount(decimal value, string currency) =>
        new(value.ToString("F" + Money.Currencies.GetValueOrDefault(currency, 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static void Row(List<object?[]> csv, bool money, string section, string item, object count, string? currency = null, object? amount = null) =>
        csv.Add(money ? [section, item, count, currency, amount] : [section, item, count]);
}
