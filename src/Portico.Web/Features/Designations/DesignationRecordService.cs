using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Designations;

/// <summary>The fields of a certification as a client sends them; the certification id is checked against the catalog.</summary>
public sealed record CertificationInput(Guid? AccountId, string? Certification, DateOnly? EarnedOn, DateOnly? ExpiresOn, Guid? Version = null);

/// <summary>A certification as the API and pages show it; <c>Active</c> says whether it counts today.</summary>
public sealed record CertificationView(
    Guid Id, Guid AccountId, string? PersonName, string Certification, string CertificationName, string Exam, string SolutionArea,
    DateOnly EarnedOn, DateOnly ExpiresOn, bool Active, DateTime UpdatedAt, Guid Version);

public sealed record DeploymentInput(string? CustomerName, string? SolutionArea, DateOnly? GoLiveOn, int? Seats, string? Workloads, Guid? Version = null);

/// <summary>A customer deployment as the API and pages show it; <c>Counts</c> says whether it is inside the score's window today.</summary>
public sealed record DeploymentView(
    Guid Id, string CustomerName, string SolutionArea, DateOnly GoLiveOn, int Seats, string Workloads, bool Counts, DateTime UpdatedAt, Guid Version);

/// <summary>A person a certification can be recorded for: an active work account of the organization.</summary>
public sealed record PersonOption(Guid Id, string DisplayName);

/// <summary>
/// The records behind the skilling and customer-success metrics: the certifications the organization's people hold and
/// the customer deployments it recorded. Create, edit (with the version last read) and delete, each audited.
/// </summary>
/// <remarks>
/// Blocks cross-tenant reads and writes (another organization's record answers "not found"), certifications for people
/// outside the organization, duplicate certifications of one person, and lost updates (the version is checked on every
/// edit and delete). A refused request writes nothing.
/// </remarks>
public sealed class DesignationRecordService(AppDbContext db, AuditTrail audit, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>How far back an earned date or go-live date may be, and how long a certification may last.</summary>
    public const int MaxYearsBack = 10;
    public const int MaxCertificationYears = 5;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<PersonOption>> PeopleAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.Kind == AccountKind.Work && !a.IsBlocked)
            .OrderBy(a => a.DisplayName)
            .Take(1000)
            .Select(a => new PersonOption(a.Id, a.DisplayName))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CertificationView>> CertificationsAsync(Guid organizationId, CancellationToken cancellationToken, Guid? id = null)
    {
        var today = Today();
        var query = db.Certifications.AsNoTracking().Where(c => c.OrganizationId == organizationId);
        if (id is { } one)
        {
            query = query.Where(c => c.Id == one);
        }

        var rows = await query
            .Select(c => new { Certification = c, Person = db.Users.Where(a => a.Id == c.AccountId).Select(a => a.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return rows
            .OrderBy(r => r.Certification.SolutionArea).ThenBy(r => r.Person, StringComparer.CurrentCulture).ThenBy(r => r.Certification.CertificationId, StringComparer.Ordinal)
            .Select(r => View(r.Certification, r.Person, today))
            .ToList();
    }

    public async Task<DesignationResult<CertificationView>> CreateCertificationAsync(Guid organizationId, CertificationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await ValidateAsync(organizationId, input, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var definition = SolutionAreas.CertificationById[input.Certification!];
        if (await db.Certifications.AnyAsync(c => c.OrganizationId == organizationId && c.AccountId == input.AccountId && c.CertificationId == definition.Id, cancellationToken))
        {
            return DesignationResult.Fail<CertificationView>(StatusCodes.Status409Conflict, DesignationErrors.CertificationExists);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var certification = new Certification
        {
            OrganizationId = organizationId,
            AccountId = input.AccountId!.Value,
            CertificationId = definition.Id,
            SolutionArea = definition.SolutionArea,
            EarnedOn = input.EarnedOn!.Value,
            ExpiresOn = input.ExpiresOn!.Value,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        db.Certifications.Add(certification);
        audit.Record(AuditEventType.CertificationAdded, organizationId, certification.AccountId, Details(certification));
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            // Note: the unique index refused a concurrent insert of the same certification for the same person.
            return DesignationResult.Fail<CertificationView>(StatusCodes.Status409Conflict, lost is DbUpdateConcurrencyException
                ? DesignationErrors.CertificationChanged : DesignationErrors.CertificationExists);
        }

        return DesignationResult.Ok<CertificationView>((await CertificationsAsync(organizationId, cancellationToken, certification.Id))[0], StatusCodes.Status201Created);
    }

    public async Task<DesignationResult<CertificationView>> UpdateCertificationAsync(
        Guid organizationId, Guid id, CertificationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var certification = await db.Certifications.SingleOrDefaultAsync(c => c.OrganizationId == organizationId && c.Id == id, cancellationToken);
        if (certification is null)
        {
            return DesignationResult.Fail<CertificationView>(StatusCodes.Status404NotFound, DesignationErrors.CertificationNotFound);
        }

        if (await ValidateAsync(organizationId, input, cancellationToken, requireVersion: true) is { } invalid)
        {
            return invalid;
        }

        if (input.Version != certification.Version)
        {
            return DesignationResult.Fail<CertificationView>(StatusCodes.Status409Conflict, DesignationErrors.CertificationChanged);
        }

        var definition = SolutionAreas.CertificationById[input.Certification!];
        if ((input.AccountId != certification.AccountId || definition.Id != certification.CertificationId)
            && await db.Certifications.AnyAsync(c => c.OrganizationId == organizationId && c.AccountId == input.AccountId && c.CertificationId == definition.Id && c.Id != id, cancellationToken))
        {
            return DesignationResult.Fail<CertificationView>(StatusCodes.Status409Conflict, DesignationErrors.CertificationExists);
        }

        var before = Snapshot(certification);
        certification.AccountId = input.AccountId!.Value;
        certification.CertificationId = definition.Id;
        certification.SolutionArea = definition.SolutionArea;
        certification.EarnedOn = input.EarnedOn!.Value;
        certification.ExpiresOn = input.ExpiresOn!.Value;
        var changed = Snapshot(certification).Where(kv => !Equals(before[kv.Key], kv.Value)).Select(kv => kv.Key).ToList();
        if (changed.Count > 0)
        {
            certification.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            certification.Version = Guid.NewGuid();
            audit.Record(AuditEventType.CertificationUpdated, organizationId, certification.AccountId,
                new { certificationId = certification.Id, certification = certification.CertificationId, solutionArea = certification.SolutionArea.ToString(), changed });
            if (await SaveAsync(cancellationToken) is { } lost)
            {
                return DesignationResult.Fail<CertificationView>(StatusCodes.Status409Conflict, lost is DbUpdateConcurrencyException
                    ? DesignationErrors.CertificationChanged : DesignationErrors.CertificationExists);
            }
        }

        return DesignationResult.Ok<CertificationView>((await CertificationsAsync(organizationId, cancellationToken, id))[0]);
    }

    /// <param name="version">The version the client last read; null skips the check (API clients that do not send it).</param>
    public async Task<DesignationResult<bool>> DeleteCertificationAsync(Guid organizationId, Guid id, Guid? version, CancellationToken cancellationToken)
    {
        var certification = await db.Certifications.SingleOrDefaultAsync(c => c.OrganizationId == organizationId && c.Id == id, cancellationToken);
        if (certification is null)
        {
            return DesignationResult.Fail<bool>(StatusCodes.Status404NotFound, DesignationErrors.CertificationNotFound);
        }

        if (version is { } expected && expected != certification.Version)
        {
            return DesignationResult.Fail<bool>(StatusCodes.Status409Conflict, DesignationErrors.CertificationChanged);
        }

        db.Certifications.Remove(certification);
        audit.Record(AuditEventType.CertificationRemoved, organizationId, certification.AccountId, Details(certification));
        return await SaveAsync(cancellationToken) is null
            ? DesignationResult.Ok<bool>(true)
            : DesignationResult.Fail<bool>(StatusCodes.Status409Conflict, DesignationErrors.CertificationChanged);
    }

    public async Task<IReadOnlyList<DeploymentView>> DeploymentsAsync(Guid organizationId, CancellationToken cancellationToken, Guid? id = null)
    {
        var today = Today();
        var since = today.AddMonths(-DesignationService.Rules.LookbackMonths);
        var query = db.CustomerDeployments.AsNoTracking().Where(d => d.OrganizationId == organizationId);
        if (id is { } one)
        {
            query = query.Where(d => d.Id == one);
        }

        var rows = await query.OrderByDescending(d => d.GoLiveOn).ThenBy(d => d.CustomerName).ToListAsync(cancellationToken);
        return rows.Select(d => new DeploymentView(
            d.Id, d.CustomerName, d.SolutionArea.ToString(), d.GoLiveOn, d.Seats, d.Workloads, d.GoLiveOn > since && d.GoLiveOn <= today,
            DateTime.SpecifyKind(d.UpdatedUtc, DateTimeKind.Utc), d.Version)).ToList();
    }

    public async Task<DesignationResult<DeploymentView>> CreateDeploymentAsync(Guid organizationId, DeploymentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var deployment = new CustomerDeployment { OrganizationId = organizationId, CreatedUtc = now, UpdatedUtc = now };
        Apply(deployment, input);
        db.CustomerDeployments.Add(deployment);
        audit.Record(AuditEventType.DeploymentAdded, organizationId, details: Details(deployment));
        await db.SaveChangesAsync(cancellationToken);
        return DesignationResult.Ok<DeploymentView>((await DeploymentsAsync(organizationId, cancellationToken, deployment.Id))[0], StatusCodes.Status201Created);
    }

    public async Task<DesignationResult<DeploymentView>> UpdateDeploymentAsync(Guid organizationId, Guid id, DeploymentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var deployment = await db.CustomerDeployments.SingleOrDefaultAsync(d => d.OrganizationId == organizationId && d.Id == id, cancellationToken);
        if (deployment is null)
        {
            return DesignationResult.Fail<DeploymentView>(StatusCodes.Status404NotFound, DesignationErrors.DeploymentNotFound);
        }

        if (Validate(input, requireVersion: true) is { } invalid)
        {
            return invalid;
        }

        if (input.Version != deployment.Version)
        {
            return DesignationResult.Fail<DeploymentView>(StatusCodes.Status409Conflict, DesignationErrors.DeploymentChanged);
        }

        var before = Snapshot(deployment);
        Apply(deployment, input);
        var changed = Snapshot(deployment).Where(kv => !Equals(before[kv.Key], kv.Value)).Select(kv => kv.Key).ToList();
        if (changed.Count > 0)
        {
            deployment.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            deployment.Version = Guid.NewGuid();
            audit.Record(AuditEventType.DeploymentUpdated, organizationId,
                details: new { deploymentId = deployment.Id, customer = deployment.CustomerName, solutionArea = deployment.SolutionArea.ToString(), changed });
            if (await SaveAsync(cancellationToken) is not null)
            {
                return DesignationResult.Fail<DeploymentView>(StatusCodes.Status409Conflict, DesignationErrors.DeploymentChanged);
            }
        }

        return DesignationResult.Ok<DeploymentView>((await DeploymentsAsync(organizationId, cancellationToken, id))[0]);
    }

    /// <param name="version">The version the client last read; null skips the check (API clients that do not send it).</param>
    public async Task<DesignationResult<bool>> DeleteDeploymentAsync(Guid organizationId, Guid id, Guid? version, CancellationToken cancellationToken)
    {
        var deployment = await db.CustomerDeployments.SingleOrDefaultAsync(d => d.OrganizationId == organizationId && d.Id == id, cancellationToken);
        if (deployment is null)
        {
            return DesignationResult.Fail<bool>(StatusCodes.Status404NotFound, DesignationErrors.DeploymentNotFound);
        }

        if (version is { } expected && expected != deployment.Version)
        {
            return DesignationResult.Fail<bool>(StatusCodes.Status409Conflict, DesignationErrors.DeploymentChanged);
        }

        db.CustomerDeployments.Remove(deployment);
        audit.Record(AuditEventType.DeploymentRemoved, organizationId, details: Details(deployment));
        return await SaveAsync(cancellationToken) is null
            ? DesignationResult.Ok<bool>(true)
            : DesignationResult.Fail<bool>(StatusCodes.Status409Conflict, DesignationErrors.DeploymentChanged);
    }

    private async Task<DesignationResult<CertificationView>?> ValidateAsync(
        Guid organizationId, CertificationInput input, CancellationToken cancellationToken, bool requireVersion = false)
    {
        var today = Today();
        var validate = new Validate(localizer)
            .Check(input.AccountId is not null, "accountId", FieldCodes.Required)
            .Text("certification", input.Certification, Certification.CertificationIdMaxLength);
        if (!string.IsNullOrWhiteSpace(input.Certification) && validate.Errors.All(e => e.Field != "certification"))
        {
            validate.Check(SolutionAreas.CertificationById.ContainsKey(input.Certification), "certification", FieldCodes.InvalidValue);
        }

        if (input.EarnedOn is not { } earned)
        {
            validate.Check(false, "earnedOn", FieldCodes.Required);
        }
        else
        {
            validate.Check(earned <= today && earned > today.AddYears(-MaxYearsBack), "earnedOn", FieldCodes.OutOfRange);
        }

        if (input.ExpiresOn is not { } expires)
        {
            validate.Check(false, "expiresOn", FieldCodes.Required);
        }
        else if (input.EarnedOn is { } from)
        {
            validate.Check(expires > from && expires <= from.AddYears(MaxCertificationYears), "expiresOn", FieldCodes.OutOfRange);
        }

        validate.Check(!requireVersion || input.Version is not null, "version", FieldCodes.Required);
        if (input.AccountId is { } account)
        {
            // Note: only the organization's own active work accounts hold its certifications; any other id is refused alike.
            var member = await db.Users.AnyAsync(a => a.Id == account && a.OrganizationId == organizationId && a.Kind == AccountKind.Work && !a.IsBlocked, cancellationToken);
            validate.Check(member, "accountId", FieldCodes.InvalidValue);
        }

        return validate.IsValid ? null : DesignationResult.Invalid<CertificationView>(validate);
    }

    private DesignationResult<DeploymentView>? Validate(DeploymentInput input, bool requireVersion = false)
    {
        var today = Today();
        var validate = new Validate(localizer)
            .Text("customerName", input.CustomerName, CustomerDeployment.CustomerNameMaxLength)
            .Text("solutionArea", input.SolutionArea, 32);
        if (!string.IsNullOrWhiteSpace(input.SolutionArea) && validate.Errors.All(e => e.Field != "solutionArea"))
        {
            validate.Check(SolutionAreas.TryParse(input.SolutionArea, out _), "solutionArea", FieldCodes.InvalidValue);
        }

        if (input.GoLiveOn is not { } goLive)
        {
            validate.Check(false, "goLiveOn", FieldCodes.Required);
        }
        else
        {
            validate.Check(goLive <= today && goLive > today.AddYears(-MaxYearsBack), "goLiveOn", FieldCodes.OutOfRange);
        }

        validate.Check(input.Seats is not null, "seats", FieldCodes.Required)
            .Check(input.Seats is null or (>= 1 and <= CustomerDeployment.MaxSeats), "seats", FieldCodes.OutOfRange)
            .Text("workloads", input.Workloads, CustomerDeployment.WorkloadsMaxLength, required: false)
            .Check(!requireVersion || input.Version is not null, "version", FieldCodes.Required);
        return validate.IsValid ? null : DesignationResult.Invalid<DeploymentView>(validate);
    }

    private static void Apply(CustomerDeployment deployment, DeploymentInput input)
    {
        deployment.CustomerName = input.CustomerName!.Trim();
        deployment.SolutionArea = Enum.Parse<SolutionArea>(input.SolutionArea!);
        deployment.GoLiveOn = input.GoLiveOn!.Value;
        deployment.Seats = input.Seats!.Value;
        deployment.Workloads = input.Workloads?.Trim() ?? "";
    }

    /// <summary>Saves the change and its audit record; on a lost race, the exception (nothing of ours was written).</summary>
    private async Task<DbUpdateException?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            return e;
        }
    }

    private static CertificationView View(Certification c, string? person, DateOnly today)
    {
        var definition = SolutionAreas.CertificationById.GetValueOrDefault(c.CertificationId);
        return new CertificationView(
            c.Id, c.AccountId, person, c.CertificationId, definition?.Name ?? c.CertificationId, definition?.Exam ?? "", c.SolutionArea.ToString(),
            c.EarnedOn, c.ExpiresOn, c.EarnedOn <= today && c.ExpiresOn >= today, DateTime.SpecifyKind(c.UpdatedUtc, DateTimeKind.Utc), c.Version);
    }

    private static Dictionary<string, object?> Snapshot(Certification c) => new(StringComparer.Ordinal)
    {
        ["accountId"] = c.AccountId, ["certification"] = c.CertificationId, ["earnedOn"] = c.EarnedOn, ["expiresOn"] = c.ExpiresOn,
    };

    private static Dictionary<string, object?> Snapshot(CustomerDeployment d) => new(StringComparer.Ordinal)
    {
        ["customerName"] = d.CustomerName, ["solutionArea"] = d.SolutionArea, ["goLiveOn"] = d.GoLiveOn, ["seats"] = d.Seats, ["workloads"] = d.Workloads,
    };

    private static object Details(Certification c) => new
    {
        certificationId = c.Id,
        certification = c.CertificationId,
        solutionArea = c.SolutionArea.ToString(),
        earnedOn = c.EarnedOn,
        expiresOn = c.ExpiresOn,
    };

    private static object Details(CustomerDeployment d) => new
    {
        deploymentId = d.Id,
        customer = d.CustomerName,
        solutionArea = d.SolutionArea.ToString(),
        goLiveOn = d.GoLiveOn,
        seats = d.Seats,
    };
}
