using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Referrals;

/// <summary>
/// When deals closed, for the close summary and the list's filter: the last so many days before now (one of
/// <see cref="DealService.PeriodDays"/>), or whole calendar days from <see cref="From"/> to <see cref="To"/>, both included.
/// </summary>
/// <remarks>
/// Note: the dates are UTC calendar days, the days the portal shows closed deals on (the list and the deal page print
/// UTC dates), so a deal listed as closed on the 31st is counted in a range ending on the 31st.
/// </remarks>
public sealed record DealClosePeriod(int? Days, DateOnly? From, DateOnly? To, DateTime FromUtc, DateTime? ToUtc)
{
    /// <summary>The longest custom range, in years.</summary>
    public const int MaxYears = 5;

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The value of the page's period picker for a custom range.</summary>
    public const string Custom = "custom";

    public bool IsCustom => From is not null;

    public static DealClosePeriod LastDays(int days, DateTime nowUtc) => new(days, null, null, nowUtc.AddDays(-days), null);

    public static DealClosePeriod Between(DateOnly from, DateOnly to) =>
        new(null, from, to, from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>Deals of <paramref name="query"/> closed in the period.</summary>
    public IQueryable<Deal> Apply(IQueryable<Deal> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = FromUtc;
        if (ToUtc is { } to)
        {
            return query.Where(d => d.ClosedUtc != null && d.ClosedUtc >= from && d.ClosedUtc < to);
        }

        return query.Where(d => d.ClosedUtc != null && d.ClosedUtc >= from);
    }

    /// <summary>The first and last day the period covers, as of <paramref name="today"/>.</summary>
    public (DateOnly First, DateOnly Last) Dates(DateOnly today) =>
        (From ?? DateOnly.FromDateTime(FromUtc), To ?? today);

    public static string Text(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a custom range from the query string: both empty gives no range; <paramref name="to"/> alone is refused
    /// (<c>required</c> on the from field); <paramref name="from"/> alone runs to <paramref name="today"/>. A range ending
    /// after today, starting after it ends, or longer than <see cref="MaxYears"/> years answers its own error code.
    /// </summary>
    public static DealPeriodResult ParseRange(string? from, string? to, string fromField, string toField, DateOnly today, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to))
        {
            return new DealPeriodResult(null, null, []);
        }

        var validate = new Validate(localizer);
        var first = Date(validate, fromField, from, required: true);
        var last = string.IsNullOrEmpty(to) ? today : Date(validate, toField, to, required: false);
        if (!validate.IsValid)
        {
            return new DealPeriodResult(null, ErrorCodes.ValidationFailed, validate.Errors);
        }

        var (error, field) = (first!.Value, last!.Value) switch
        {
            var (f, l) when f > today || l > today => (DealErrors.PeriodInFuture, f > today ? fromField : toField),
            var (f, l) when f > l => (DealErrors.PeriodReversed, toField),
            var (f, l) when f.AddYears(MaxYears) < l => (DealErrors.PeriodTooLong, fromField),
            _ => ((string?)null, ""),
        };
        return error is null
            ? new DealPeriodResult(Between(first.Value, last.Value), null, [])
            : new DealPeriodResult(null, error, [new FieldError(field, error, localizer["Error." + error, MaxYears].Value)]);
    }

    private static DateOnly? Date(Validate validate, string field, string? value, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            validate.Check(!required, field, FieldCodes.Required);
            return null;
        }

        var ok = DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        validate.Check(ok, field, FieldCodes.InvalidValue);
        return ok ? date : null;
    }
}

/// <summary>A custom range read from the query string: the period, none (no dates given), or an error code with its field errors.</summary>
public sealed record DealPeriodResult(DealClosePeriod? Period, string? Error, IReadOnlyList<FieldError> Fields)
{
    public bool Succeeded => Error is null;

    public IResult ToProblem() => new ApiProblem(StatusCodes.Status400BadRequest, Error!, Fields);
}
