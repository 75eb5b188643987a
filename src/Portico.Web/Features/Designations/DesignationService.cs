using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Designations;

/// <summary>Stable error codes of the Designations area; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class DesignationErrors
{
    public const string SolutionAreaNotFound = "solution_area_not_found";

    /// <summary>The score is below the passing score or a metric has no point; the problem lists what is missing.</summary>
    public const string DesignationNotMet = "designation_not_met";

    /// <summary>The designation is earned and its anniversary has not come yet; there is nothing to apply for.</summary>
    public const string DesignationAlreadyEarned = "designation_already_earned";

    public const string CertificationNotFound = "certification_not_found";

    /// <summary>The person already holds this certification; renewing it means editing its dates.</summary>
    public const string CertificationExists = "certification_exists";

    public const string CertificationChanged = "certification_changed";

    public const string DeploymentNotFound = "deployment_not_found";

    public const string DeploymentChanged = "deployment_changed";

    public static readonly IReadOnlyList<string> All =
    [
        SolutionAreaNotFound, DesignationNotMet, DesignationAlreadyEarned, CertificationNotFound, CertificationExists,
        CertificationChanged, DeploymentNotFound, DeploymentChanged,
    ];
}

/// <summary>Where a designation stands: never earned, earned until its anniversary, or past the anniversary and due for renewal.</summary>
public enum DesignationStatus
{
    NotEarned,
    Earned,
    RenewalDue,
}

/// <summary>The outcome of a Designations command: the value, or a stable error code with its HTTP status, field errors and extra members.</summary>
public sealed record DesignationResult<T>(
    int Status, string? Error, T? Value, IReadOnlyList<FieldError>? Fields = null, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public bool Succeeded => Error is null;

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields, Extensions);
}

/// <summary>Builds <see cref="DesignationResult{T}"/> values.</summary>
public static class DesignationResult
{
    public static DesignationResult<T> Ok<T>(T value, int status = StatusCodes.Status200OK) => new(status, null, value);

    public static DesignationResult<T> Fail<T>(int status, string error, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(status, error, default, null, extensions);

    public static DesignationResult<T> Invalid<T>(Validate validate) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, default, validate?.Errors);
}

/// <summary>One metric as the API and page show it (metric ids are camelCase: performance, skilling, customerSuccess).</summary>
public sealed record MetricView(string Metric, int Count, int Points, int MaxPoints, int PointsPerUnit, int Missing, int Available);

/// <summary>A solution area's designation: its status and dates, and the current partner capability score.</summary>
public sealed record DesignationView(
    string SolutionArea, string Name, string Status, DateOnly? EarnedOn, DateOnly? AnniversaryOn, int Score, int MaxScore, int PassingScore,
    bool Met, int MissingPoints, IReadOnlyList<MetricView> Metrics, bool CanApply);

public sealed record DesignationsResponse(Guid OrganizationId, DateOnly AsOf, int LookbackMonths, IReadOnlyList<DesignationView> Designations);

/// <summary>
/// Solutions Partner designations (SPEC §2–3, program PartnerNetwork): the partner capability score of every solution
/// area, counted from the organization's won deals (Referrals), its people's active certifications and its recorded
/// customer deployments, and Apply, which earns (or renews) a designation whose score is met. The capability policy
/// (<c>designations</c>) has already admitted the caller to the organization passed in.
/// </summary>
/// <remarks>
/// Blocks earning a designation whose score is not met (409 with what is missing), earning one twice before its
/// anniversary, and two concurrent applications both succeeding (unique index per area, version on renewal). Every
/// change is audited in the same transaction.
/// </remarks>
public sealed class DesignationService(AppDbContext db, AuditTrail audit, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    public static ScoringRules Rules => ScoringRules.Default;

    public DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<DesignationsResponse> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var today = Today();
        var scores = await ScoresAsync(organizationId, today, cancellationToken);
        var earned = await db.Designations.AsNoTracking().Where(d => d.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var views = SolutionAreas.All.Select(area => View(area, scores[area], earned.SingleOrDefault(d => d.SolutionArea == area), today)).ToList();
        return new DesignationsResponse(organizationId, today, Rules.LookbackMonths, views);
    }

    /// <summary>Earns the designation of <paramref name="solutionArea"/> (or renews one past its anniversary) when its score is met.</summary>
    public async Task<DesignationResult<DesignationView>> ApplyAsync(
        Guid organizationId, string? solutionArea, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!SolutionAreas.TryParse(solutionArea, out var area))
        {
            return DesignationResult.Fail<DesignationView>(StatusCodes.Status404NotFound, DesignationErrors.SolutionAreaNotFound);
        }

        var today = Today();
        var existing = await db.Designations.SingleOrDefaultAsync(d => d.OrganizationId == organizationId && d.SolutionArea == area, cancellationToken);
        if (existing is not null && today < existing.AnniversaryOn)
        {
            return DesignationResult.Fail<DesignationView>(StatusCodes.Status409Conflict, DesignationErrors.DesignationAlreadyEarned);
        }

        var score = (await ScoresAsync(organizationId, today, cancellationToken))[area];
        if (!score.Met)
        {
            return DesignationResult.Fail<DesignationView>(StatusCodes.Status409Conflict, DesignationErrors.DesignationNotMet, new Dictionary<string, object?>
            {
                ["solutionArea"] = area.ToString(),
                ["score"] = score.Total,
                ["passingScore"] = score.PassingScore,
                ["missingPoints"] = score.MissingPoints,
                ["metrics"] = score.Metrics.Select(Metric).ToList(),
            });
        }

        var now = time.GetUtcNow().UtcDateTime;
        var renewal = existing is not null;
        var designation = existing ?? new Designation { OrganizationId = organizationId, SolutionArea = area };
        var previousAnniversary = existing?.AnniversaryOn;
        designation.EarnedOn = today;
        designation.AnniversaryOn = today.AddYears(1);
        designation.Score = score.Total;
        designation.AppliedByAccountId = actor.AccountId();
        designation.AppliedUtc = now;
        designation.Version = Guid.NewGuid();
        if (!renewal)
        {
            db.Designations.Add(designation);
        }

        audit.Record(renewal ? AuditEventType.DesignationRenewed : AuditEventType.DesignationEarned, organizationId, details: new
        {
            solutionArea = area.ToString(),
            score = score.Total,
            performance = score.Metrics[0].Points,
            skilling = score.Metrics[1].Points,
            customerSuccess = score.Metrics[2].Points,
            earnedOn = designation.EarnedOn,
            anniversaryOn = designation.AnniversaryOn,
            previousAnniversaryOn = previousAnniversary,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Note: another application for the same area saved first (unique index or version); nothing of ours was written.
            db.ChangeTracker.Clear();
            return DesignationResult.Fail<DesignationView>(StatusCodes.Status409Conflict, DesignationErrors.DesignationAlreadyEarned);
        }

        return DesignationResult.Ok<DesignationView>(View(area, score, designation, today));
    }

    /// <summary>The score of every solution area from the records that count today.</summary>
    public async Task<IReadOnlyDictionary<SolutionArea, DesignationScore>> ScoresAsync(Guid organizationId, DateOnly today, CancellationToken cancellationToken)
    {
        var since = today.AddMonths(-Rules.LookbackMonths);
        var sinceUtc = since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var deals = await db.Deals.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.Status == DealStatus.Won && d.SolutionArea != null && d.ClosedUtc >= sinceUtc)
            .GroupBy(d => d.SolutionArea!.Value)
            .Select(g => new { Area = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Area, g => g.Count, cancellationToken);

        // Note: a person counts once per area however many of its certifications they hold; blocked accounts do not count.
        var people = (await db.Certifications.AsNoTracking()
                .Where(c => c.OrganizationId == organizationId && c.EarnedOn <= today && c.ExpiresOn >= today
                    && db.Users.Any(a => a.Id == c.AccountId && a.OrganizationId == organizationId && a.Kind == AccountKind.Work && !a.IsBlocked))
                .Select(c => new { c.SolutionArea, c.AccountId })
                .Distinct()
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.SolutionArea)
            .ToDictionary(g => g.Key, g => g.Count());
        var deployments = await db.CustomerDeployments.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.GoLiveOn > since && d.GoLiveOn <= today)
            .GroupBy(d => d.SolutionArea)
            .Select(g => new { Area = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Area, g => g.Count, cancellationToken);
        return SolutionAreas.All.ToDictionary(
            area => area,
            area => Rules.Score(deals.GetValueOrDefault(area), people.GetValueOrDefault(area), deployments.GetValueOrDefault(area)));
    }

    public static DesignationStatus StatusOf(Designation? designation, DateOnly today) => designation switch
    {
        null => DesignationStatus.NotEarned,
        _ when today < designation.AnniversaryOn => DesignationStatus.Earned,
        _ => DesignationStatus.RenewalDue,
    };

    public static string MetricId(DesignationMetric metric) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(metric.ToString());

    private static MetricView Metric(MetricScore m) => new(MetricId(m.Metric), m.Count, m.Points, m.MaxPoints, m.PointsPerUnit, m.Missing, m.Available);

    private DesignationView View(SolutionArea area, DesignationScore score, Designation? designation, DateOnly today)
    {
        var status = StatusOf(designation, today);
        return new DesignationView(
            area.ToString(), localizer["SolutionArea." + area].Value, status.ToString(), designation?.EarnedOn, designation?.AnniversaryOn,
            score.Total, score.MaxTotal, score.PassingScore, score.Met, score.MissingPoints, score.Metrics.Select(Metric).ToList(),
            score.Met && status != DesignationStatus.Earned);
    }
}
