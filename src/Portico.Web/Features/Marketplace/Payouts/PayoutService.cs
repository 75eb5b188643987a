using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Verification;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace.Payouts;

/// <summary>Stable error codes of the Payouts area; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class PayoutErrors
{
    /// <summary>Someone saved the payout account since the form or request was read; nothing of this request was written.</summary>
    public const string PayoutAccountChanged = "payout_account_changed";

    /// <summary>The organization has not set a payout account yet (also the hold reason it causes).</summary>
    public const string PayoutAccountMissing = PayoutHoldReasons.PayoutAccountMissing;
}

/// <summary>Filters of the payout list and export: payout months from–to (inclusive) and status.</summary>
public sealed record PayoutFilter(DateOnly? From = null, DateOnly? To = null, PayoutStatus? Status = null)
{
    /// <summary>Reads the query's text (months as <c>yyyy-MM</c>); field errors go to <paramref name="validate"/>.</summary>
    public static PayoutFilter Parse(Validate validate, string? from, string? to, string? status)
    {
        ArgumentNullException.ThrowIfNull(validate);
        var fromMonth = Month(validate, "from", from);
        var toMonth = Month(validate, "to", to);
        if (fromMonth is { } f && toMonth is { } t)
        {
            validate.Check(f <= t, "to", FieldCodes.OutOfRange);
        }

        PayoutStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            validate.Check(EarningService.TryParseName(status, out PayoutStatus s), "status", FieldCodes.InvalidValue);
            parsed = s;
        }

        return new PayoutFilter(fromMonth, toMonth, parsed);
    }

    private static DateOnly? Month(Validate validate, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var month = EarningFilter.ParseMonth(value);
        validate.Check(month is not null && month.Value.Year >= 2000 && month.Value.Year <= 2100, field, FieldCodes.InvalidValue);
        return month;
    }
}

public sealed record PayoutView(
    Guid Id, string Period, Guid? OfferId, string? OfferName, decimal Gross, decimal Fee, decimal Net, long NetMinor, string Currency,
    string Status, DateOnly? PaidOn, string? HoldReason);

/// <summary>What the filtered statements add up to in one currency.</summary>
public sealed record PayoutTotal(string Currency, int Statements, decimal Gross, decimal Fee, decimal Net, long NetMinor);

public sealed record PayoutPage(IReadOnlyList<PayoutView> Items, int Page, int PageSize, int Total, IReadOnlyList<PayoutTotal> Totals);

/// <summary>The payout account as it leaves the service: the number only masked.</summary>
public sealed record PayoutAccountView(
    string HolderName, string BankCountry, string AccountNumberMasked, string Currency, string TaxForm, DateTime UpdatedAt, Guid Version);

/// <summary>What a partner sends to set the payout account; <see cref="Version"/> is required once an account exists.</summary>
public sealed record PayoutAccountRequest(string? HolderName, string? BankCountry, string? AccountNumber, string? Currency, string? TaxForm, Guid? Version);

public sealed record PayoutAccountResult(int Status, string? Error, PayoutAccountView? Account, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public IResult ToProblem() => new ApiProblem(Status, Error!, Fields);
}

/// <summary>What the vendor's side records for a statement (demo data, tests, a future import); partners never call it.</summary>
public sealed record PayoutStatementInput(
    DateOnly Period, Guid? OfferId, long GrossMinor, long FeeMinor, string Currency, PayoutStatus Status, DateOnly? PaidOn = null, string? HoldReason = null);

/// <summary>
/// Marketplace payouts (SPEC §2–3, capability <c>payouts</c>): the organization's payout statements with totals and
/// export, and its payout account. The capability policy has already admitted the caller.
/// </summary>
/// <remarks>
/// Blocks: the full account number leaving the service (views, audit rows and emails carry only the last four
/// characters), lost updates of the account (concurrency token), and a quiet change of where the money goes (every
/// change emails the organization's Owners and Global admins, as a bank's security notice does).
/// </remarks>
public sealed class PayoutService(
    AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t, IEmailSender sender, IConfiguration configuration, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public IQueryable<PayoutStatement> Filtered(Guid organizationId, PayoutFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.PayoutStatements.AsNoTracking().Where(p => p.OrganizationId == organizationId);
        if (filter.From is { } from)
        {
            query = query.Where(p => p.Period >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(p => p.Period <= to);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        return query;
    }

    public async Task<PayoutPage> ListAsync(Guid organizationId, PayoutFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = Filtered(organizationId, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Ordered(query).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var sums = await query.GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Gross = g.Sum(p => p.GrossMinor), Fee = g.Sum(p => p.FeeMinor), Net = g.Sum(p => p.NetMinor) })
            .ToListAsync(cancellationToken);
        var totals = sums.OrderBy(s => s.Currency, StringComparer.Ordinal)
            .Select(s => new PayoutTotal(s.Currency, s.Count, Money.ToMajor(s.Gross, s.Currency), Money.ToMajor(s.Fee, s.Currency), Money.ToMajor(s.Net, s.Currency), s.Net))
            .ToList();
        return new PayoutPage(await ViewsAsync(rows, cancellationToken), page, pageSize, total, totals);
    }

    public async Task<IReadOnlyList<PayoutView>> AllAsync(Guid organizationId, PayoutFilter filter, CancellationToken cancellationToken) =>
        await ViewsAsync(await Ordered(Filtered(organizationId, filter)).ToListAsync(cancellationToken), cancellationToken);

    public async Task<PayoutAccountView?> GetAccountAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.OrganizationId == organizationId, cancellationToken) is { } account
            ? View(account)
            : null;

    /// <summary>The stored number, for the page's "keep the current number" save only; never put in a view.</summary>
    public Task<string?> StoredNumberAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.PayoutAccounts.AsNoTracking().Where(a => a.OrganizationId == organizationId).Select(a => (string?)a.AccountNumber).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Records a statement the vendor computed; audited without a person as actor.</summary>
    public async Task<PayoutStatement> RecordStatementAsync(Guid organizationId, PayoutStatementInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var consistent = input.Period.Day == 1 && Money.IsCurrency(input.Currency)
            && input.GrossMinor >= 0 && input.FeeMinor >= 0 && input.FeeMinor <= input.GrossMinor
            && (input.Status == PayoutStatus.Sent) == (input.PaidOn is not null)
            && (input.Status == PayoutStatus.OnHold) == (input.HoldReason is not null)
            && (input.HoldReason is null || PayoutHoldReasons.All.Contains(input.HoldReason))
            && (input.OfferId is not { } offer || await db.Offers.AnyAsync(o => o.Id == offer && o.OrganizationId == organizationId, cancellationToken));
        if (!consistent)
        {
            throw new ArgumentException("The payout statement is inconsistent (period, currency, amounts, status, payment date, hold reason or offer).", nameof(input));
        }

        var statement = new PayoutStatement
        {
            OrganizationId = organizationId,
            OfferId = input.OfferId,
            Period = input.Period,
            GrossMinor = input.GrossMinor,
            FeeMinor = input.FeeMinor,
            NetMinor = input.GrossMinor - input.FeeMinor,
            Currency = input.Currency,
            Status = input.Status,
            PaidOn = input.PaidOn,
            HoldReason = input.HoldReason,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.PayoutStatements.Add(statement);
        audit.Record(AuditEventType.PayoutStatementRecorded, organizationId, details: new
        {
            payoutId = statement.Id, period = Month(statement.Period), offerId = statement.OfferId, net = statement.NetMinor,
            currency = statement.Currency, status = statement.Status.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return statement;
    }

    /// <summary>Creates or changes the organization's payout account, audits it and emails the security notice.</summary>
    public async Task<PayoutAccountResult> SaveAccountAsync(Guid organizationId, ClaimsPrincipal actor, PayoutAccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var validate = new Validate(t)
            .Text("holderName", request.HolderName, PayoutAccount.HolderNameMaxLength)
            .Text("bankCountry", request.BankCountry, 2);
        if (validate.Errors.All(e => e.Field != "bankCountry"))
        {
            validate.Check(VerificationApi.IsCountry(request.BankCountry!.Trim()), "bankCountry", FieldCodes.InvalidValue);
        }

        var number = Normalize(request.AccountNumber);
        validate.Text("accountNumber", number, PayoutAccount.AccountNumberMaxLength);
        if (validate.Errors.All(e => e.Field != "accountNumber"))
        {
            validate.Check(number!.Length >= PayoutAccount.AccountNumberMinLength && number.All(char.IsAsciiLetterOrDigit), "accountNumber", FieldCodes.InvalidValue);
        }

        validate.Check(!string.IsNullOrEmpty(request.Currency), "currency", FieldCodes.Required);
        validate.Check(string.IsNullOrEmpty(request.Currency) || Money.IsCurrency(request.Currency), "currency", FieldCodes.InvalidValue);
        validate.Check(!string.IsNullOrEmpty(request.TaxForm), "taxForm", FieldCodes.Required);
        validate.Check(string.IsNullOrEmpty(request.TaxForm) || EarningService.TryParseName(request.TaxForm, out TaxFormStatus _), "taxForm", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return new PayoutAccountResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);
        }

        var account = await db.PayoutAccounts.SingleOrDefaultAsync(a => a.OrganizationId == organizationId, cancellationToken);
        if (account is not null && request.Version != account.Version)
        {
            return new PayoutAccountResult(StatusCodes.Status409Conflict, PayoutErrors.PayoutAccountChanged, null);
        }

        var created = account is null;
        var previousLast4 = account is null ? null : Last4(account.AccountNumber);
        account ??= db.PayoutAccounts.Add(new PayoutAccount { OrganizationId = organizationId }).Entity;
        account.HolderName = request.HolderName!.Trim();
        account.BankCountry = request.BankCountry!.Trim().ToUpperInvariant();
        account.AccountNumber = number!;
        account.Currency = request.Currency!;
        account.TaxForm = Enum.Parse<TaxFormStatus>(request.TaxForm!);
        account.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        account.UpdatedBy = actor.AccountId();
        account.Version = Guid.NewGuid();
        audit.Record(AuditEventType.PayoutAccountChanged, organizationId, details: new
        {
            created, bankCountry = account.BankCountry, accountLast4 = Last4(account.AccountNumber), previousAccountLast4 = previousLast4,
            currency = account.Currency, taxForm = account.TaxForm.ToString(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || db.IsUniqueViolation<PayoutAccount>(e, nameof(PayoutAccount.OrganizationId)))
        {
            // Note: another save won the race (the version moved on, or the first account was created at the same moment); nothing of ours was written.
            db.ChangeTracker.Clear();
            return new PayoutAccountResult(StatusCodes.Status409Conflict, PayoutErrors.PayoutAccountChanged, null);
        }

        await NotifyAsync(organizationId, account, cancellationToken);
        return new PayoutAccountResult(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, null, View(account));
    }

    private async Task NotifyAsync(Guid organizationId, PayoutAccount account, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.DisplayName).SingleAsync(cancellationToken);
        var recipients = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && (r.Role == Roles.Owner || r.Role == Roles.GlobalAdmin))
            .Join(db.Users.Where(a => !a.IsBlocked && a.Kind == AccountKind.Work && a.Email != null), r => r.AccountId, a => a.Id,
                (r, a) => new { Email = a.Email!, a.DisplayName, a.PreferredCulture })
            .Distinct().Take(20).ToListAsync(cancellationToken);
        var link = (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/') + "/Marketplace/Payouts";
        foreach (var to in recipients)
        {
            using var scope = CultureScope.Use(to.PreferredCulture);
            await sender.SendAsync(
                new EmailMessage(
                    to.Email,
                    t["Email.PayoutAccountChanged.Subject", organization],
                    t["Email.PayoutAccountChanged.Body", to.DisplayName, organization, PayoutAccount.Mask(account.AccountNumber), account.BankCountry, link],
                    to.DisplayName),
                cancellationToken);
        }
    }

    private async Task<IReadOnlyList<PayoutView>> ViewsAsync(IReadOnlyList<PayoutStatement> rows, CancellationToken cancellationToken)
    {
        var offerIds = rows.Where(p => p.OfferId != null).Select(p => p.OfferId!.Value).Distinct().ToList();
        var offers = await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return rows.Select(p => new PayoutView(
            p.Id, Month(p.Period), p.OfferId, p.OfferId is { } o ? offers.GetValueOrDefault(o) : null, Money.ToMajor(p.GrossMinor, p.Currency),
            Money.ToMajor(p.FeeMinor, p.Currency), Money.ToMajor(p.NetMinor, p.Currency), p.NetMinor, p.Currency, p.Status.ToString(), p.PaidOn,
            p.HoldReason)).ToList();
    }

    private static PayoutAccountView View(PayoutAccount a) =>
        new(a.HolderName, a.BankCountry, PayoutAccount.Mask(a.AccountNumber), a.Currency, a.TaxForm.ToString(), a.UpdatedUtc, a.Version);

    private static string Last4(string number) => number.Length <= 4 ? number : number[^4..];

    /// <remarks>Note: people paste IBANs with spaces ("DE89 3704 ..."); they are dropped and letters upper-cased before checking.</remarks>
    private static string? Normalize(string? number) =>
        number is null ? null : string.Concat(number.Where(c => c != ' ')).ToUpperInvariant();

    private static string Month(DateOnly period) => period.ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture);

    private static IQueryable<PayoutStatement> Ordered(IQueryable<PayoutStatement> query) =>
        query.OrderByDescending(p => p.Period).ThenBy(p => p.Currency).ThenBy(p => p.Id);
}
