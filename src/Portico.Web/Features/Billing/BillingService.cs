using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Billing;

/// <summary>Stable error codes of the Billing area; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class BillingErrors
{
    /// <summary>The invoice does not exist or belongs to another organization (the two answer alike).</summary>
    public const string InvoiceNotFound = "invoice_not_found";

    /// <summary>Someone saved the billing profile since it was read; nothing of this request was written.</summary>
    public const string ProfileChanged = "billing_profile_changed";

    /// <summary>Nobody has saved a billing profile for the organization yet.</summary>
    public const string ProfileNotFound = "billing_profile_not_found";
}

public sealed record InvoiceLineView(int Position, string Description, int Quantity, decimal UnitPrice, decimal Amount);

public sealed record InvoiceView(
    Guid Id, string Number, string Period, DateOnly IssuedOn, DateOnly DueOn, DateOnly? PaidOn, string Currency, decimal Total, long TotalMinor,
    string Status);

public sealed record InvoiceDetail(InvoiceView Invoice, IReadOnlyList<InvoiceLineView> Lines);

public sealed record InvoicePage(IReadOnlyList<InvoiceView> Items, int Page, int PageSize, int Total);

public sealed record BillingProfileView(
    string ContactName, string ContactEmail, string LegalName, string AddressLine1, string? AddressLine2, string City, string PostalCode,
    string Country, string? PurchaseOrder, string? TaxId, Guid? Version);

/// <summary>What a partner submits for the billing profile; <see cref="Version"/> is the one read (null when none exists yet).</summary>
public sealed record BillingProfileInput(
    string? ContactName, string? ContactEmail, string? LegalName, string? AddressLine1, string? AddressLine2, string? City, string? PostalCode,
    string? Country, string? PurchaseOrder, string? TaxId, Guid? Version);

public sealed record InvoiceLineInput(string Description, int Quantity, long UnitPriceMinor);

public sealed record ProfileResult(int Status, string? Error, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields);
}

/// <summary>
/// Billing (SPEC §2–3, capability <c>billing</c>): the organization's invoices and its billing profile. The capability
/// policy has already admitted the caller (program, MFA, organization in the route).
/// </summary>
/// <remarks>
/// Blocks: reading another organization's invoices (answered exactly like a missing one), lost updates on the profile
/// (concurrency token), and half-written profiles (all fields validated before anything is saved). The tax id's value
/// never enters the audit trail: only the names of changed fields do.
/// </remarks>
public sealed class BillingService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const string PeriodFormat = "yyyy-MM";

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<InvoicePage> ListAsync(Guid organizationId, InvoiceStatus? status, DateOnly? period, int page, int pageSize, CancellationToken cancellationToken)
    {
        var today = Today;
        var query = db.Invoices.AsNoTracking().Where(i => i.OrganizationId == organizationId);
        if (period is { } p)
        {
            query = query.Where(i => i.Period == p);
        }

        query = status switch
        {
            InvoiceStatus.Paid => query.Where(i => i.PaidOn != null),
            InvoiceStatus.Overdue => query.Where(i => i.PaidOn == null && i.DueOn < today),
            InvoiceStatus.Open => query.Where(i => i.PaidOn == null && i.DueOn >= today),
            _ => query,
        };
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.Period).ThenByDescending(i => i.Number)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new InvoicePage([.. items.Select(i => View(i, today))], page, pageSize, total);
    }

    public async Task<InvoiceDetail?> GetAsync(Guid organizationId, Guid id, CancellationToken cancellationToken)
    {
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .SingleOrDefaultAsync(i => i.Id == id && i.OrganizationId == organizationId, cancellationToken);
        return invoice is null ? null : new InvoiceDetail(View(invoice, Today), [.. invoice.Lines.OrderBy(l => l.Position).Select(l => new InvoiceLineView(
            l.Position, l.Description, l.Quantity, Money.ToMajor(l.UnitPriceMinor, invoice.Currency), Money.ToMajor(l.AmountMinor, invoice.Currency)))]);
    }

    /// <summary>Issues an invoice (the vendor's side: demo data, tests, a future import); partners never call it. The total is the sum of the lines.</summary>
    public async Task<Invoice> IssueInvoiceAsync(
        Guid organizationId, string number, DateOnly period, DateOnly issuedOn, DateOnly dueOn, string currency, IReadOnlyList<InvoiceLineInput> lines,
        DateOnly? paidOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (period.Day != 1 || !Money.IsCurrency(currency) || lines.Count == 0 || dueOn < issuedOn || string.IsNullOrWhiteSpace(number)
            || lines.Any(l => l.Quantity <= 0 || string.IsNullOrWhiteSpace(l.Description) || l.Description.Length > InvoiceLine.DescriptionMaxLength))
        {
            throw new ArgumentException("The invoice is inconsistent.", nameof(lines));
        }

        var invoice = new Invoice
        {
            OrganizationId = organizationId, Number = number, Period = period, IssuedOn = issuedOn, DueOn = dueOn, PaidOn = paidOn,
            Currency = currency, CreatedUtc = time.GetUtcNow().UtcDateTime,
            Lines = [.. lines.Select((l, n) => new InvoiceLine
            {
                Position = n + 1, Description = l.Description, Quantity = l.Quantity, UnitPriceMinor = l.UnitPriceMinor, AmountMinor = l.Quantity * l.UnitPriceMinor,
            })],
        };
        invoice.TotalMinor = invoice.Lines.Sum(l => l.AmountMinor);
        db.Invoices.Add(invoice);
        audit.Record(AuditEventType.InvoiceIssued, organizationId, details: new { invoice.Number, period = invoice.Period.ToString(PeriodFormat, CultureInfo.InvariantCulture), invoice.Currency, invoice.TotalMinor });
        await db.SaveChangesAsync(cancellationToken);
        return invoice;
    }

    public async Task<BillingProfileView?> ProfileAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.BillingProfiles.AsNoTracking().Where(p => p.OrganizationId == organizationId)
            .Select(p => new BillingProfileView(p.ContactName, p.ContactEmail, p.LegalName, p.AddressLine1, p.AddressLine2, p.City, p.PostalCode,
                p.Country, p.PurchaseOrder, p.TaxId, p.Version))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Checks every field; errors go to <paramref name="validate"/>.</summary>
    public static void Check(Validate validate, BillingProfileInput input)
    {
        ArgumentNullException.ThrowIfNull(validate);
        ArgumentNullException.ThrowIfNull(input);
        validate.Text("contactName", input.ContactName, BillingProfile.NameMaxLength)
            .Email("contactEmail", input.ContactEmail)
            .Text("legalName", input.LegalName, BillingProfile.LegalNameMaxLength)
            .Text("addressLine1", input.AddressLine1, BillingProfile.AddressMaxLength)
            .Text("addressLine2", input.AddressLine2, BillingProfile.AddressMaxLength, required: false)
            .Text("city", input.City, BillingProfile.CityMaxLength)
            .Text("postalCode", input.PostalCode, BillingProfile.PostalCodeMaxLength)
            .Text("purchaseOrder", input.PurchaseOrder, BillingProfile.PurchaseOrderMaxLength, required: false)
            .Text("taxId", input.TaxId, BillingProfile.TaxIdMaxLength, required: false);
        var country = input.Country?.Trim();
        validate.Check(country is { Length: 2 } && Countries.Contains(country), "country", FieldCodes.InvalidValue);
    }

    /// <summary>Creates or changes the profile; audited with the names of the changed fields only.</summary>
    public async Task<ProfileResult> SaveProfileAsync(Guid organizationId, BillingProfileInput input, Validate validate, CancellationToken cancellationToken)
    {
        Check(validate, input);
        if (!validate.IsValid)
        {
            return new ProfileResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, validate.Errors);
        }

        var profile = await db.BillingProfiles.SingleOrDefaultAsync(p => p.OrganizationId == organizationId, cancellationToken);
        if ((profile is null && input.Version is not null) || (profile is not null && profile.Version != input.Version))
        {
            return new ProfileResult(StatusCodes.Status409Conflict, BillingErrors.ProfileChanged);
        }

        var created = profile is null;
        profile ??= db.BillingProfiles.Add(new BillingProfile { OrganizationId = organizationId }).Entity;
        var changed = new List<string>();
        void Set(string field, string? current, string? value, Action<string?> apply)
        {
            if (!string.Equals(current, value, StringComparison.Ordinal))
            {
                changed.Add(field);
                apply(value);
            }
        }

        Set("contactName", profile.ContactName, input.ContactName!.Trim(), v => profile.ContactName = v!);
        Set("contactEmail", profile.ContactEmail, input.ContactEmail!.Trim(), v => profile.ContactEmail = v!);
        Set("legalName", profile.LegalName, input.LegalName!.Trim(), v => profile.LegalName = v!);
        Set("addressLine1", profile.AddressLine1, input.AddressLine1!.Trim(), v => profile.AddressLine1 = v!);
        Set("addressLine2", profile.AddressLine2, Optional(input.AddressLine2), v => profile.AddressLine2 = v);
        Set("city", profile.City, input.City!.Trim(), v => profile.City = v!);
        Set("postalCode", profile.PostalCode, input.PostalCode!.Trim(), v => profile.PostalCode = v!);
        Set("country", profile.Country, input.Country!.Trim(), v => profile.Country = v!);
        Set("purchaseOrder", profile.PurchaseOrder, Optional(input.PurchaseOrder), v => profile.PurchaseOrder = v);
        Set("taxId", profile.TaxId, Optional(input.TaxId), v => profile.TaxId = v);
        if (changed.Count == 0)
        {
            return new ProfileResult(StatusCodes.Status200OK, null);
        }

        profile.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        profile.Version = Guid.NewGuid();
        audit.Record(AuditEventType.BillingProfileUpdated, organizationId, details: new { created, fields = changed });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || db.IsKeyViolation<BillingProfile>(e))
        {
            // Note: a concurrent first save (duplicate key) or a concurrent edit (stale version) both mean "someone else saved".
            db.ChangeTracker.Clear();
            return new ProfileResult(StatusCodes.Status409Conflict, BillingErrors.ProfileChanged);
        }

        return new ProfileResult(StatusCodes.Status200OK, null);
    }

    public static bool TryParseStatus(string? value, out InvoiceStatus status)
    {
        status = default;
        return value is not null && Enum.GetNames<InvoiceStatus>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out status);
    }

    public static DateOnly? ParsePeriod(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), PeriodFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static InvoiceView View(Invoice i, DateOnly today) =>
        new(i.Id, i.Number, i.Period.ToString(PeriodFormat, CultureInfo.InvariantCulture), i.IssuedOn, i.DueOn, i.PaidOn, i.Currency,
            Money.ToMajor(i.TotalMinor, i.Currency), i.TotalMinor, Invoice.StatusOn(i.PaidOn, i.DueOn, today).ToString());

    /// <summary>ISO 3166-1 alpha-2 codes .NET knows (upper case).</summary>
    public static readonly IReadOnlySet<string> Countries = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).TwoLetterISORegionName; } catch (ArgumentException) { return null; } })
        .Where(r => r is { Length: 2 } && r.All(char.IsAsciiLetterUpper)).Select(r => r!).ToHashSet(StringComparer.Ordinal);
}
