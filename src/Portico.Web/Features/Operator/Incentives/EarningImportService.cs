using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>Stable error codes of the vendor's Incentives desk; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class IncentiveDeskErrors
{
    /// <summary>One or more rows (or the header) of an earnings file are wrong; the problem lists them and nothing was written.</summary>
    public const string ImportInvalid = "earnings_import_invalid";

    /// <summary>The earnings file has no header or no data rows.</summary>
    public const string ImportEmpty = "earnings_import_empty";

    /// <summary>The earnings file has more data rows than one import takes.</summary>
    public const string ImportTooManyRows = "earnings_import_too_many_rows";

    /// <summary>The earnings file is not UTF-8 text.</summary>
    public const string ImportNotUtf8 = "earnings_import_not_utf8";
}

/// <summary>What is wrong with one row of an earnings file; each code has <c>EarningImport.Code.&lt;code&gt;</c> in both resource files.</summary>
public static class ImportCodes
{
    public const string MalformedCsv = "malformed_csv";
    public const string ColumnMissing = "column_missing";
    public const string ColumnUnknown = "column_unknown";
    public const string ColumnDuplicate = "column_duplicate";
    public const string ColumnCount = "column_count";
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string InvalidCharacters = "invalid_characters";
    public const string InvalidValue = "invalid_value";
    public const string OutOfRange = "out_of_range";
    public const string TooManyDecimals = "too_many_decimals";
    public const string PartnerNotFound = "partner_not_found";
    public const string NotEnrolled = "not_enrolled";
    public const string LocationNotFound = "location_not_found";
    public const string NotAllowedForStatus = "not_allowed_for_status";

    public static readonly IReadOnlyList<string> All =
    [
        MalformedCsv, ColumnMissing, ColumnUnknown, ColumnDuplicate, ColumnCount, Required, TooLong, InvalidCharacters, InvalidValue,
        OutOfRange, TooManyDecimals, PartnerNotFound, NotEnrolled, LocationNotFound, NotAllowedForStatus,
    ];
}

/// <summary>One problem of an earnings file: its row (the header is row 1), the column, a stable code and a message in the caller's language.</summary>
public sealed record ImportIssue(int Row, string? Column, string Code, string Message);

public sealed record ImportTotal(string Currency, int Lines, decimal Amount, long AmountMinor);

public sealed record ImportedOrganization(Guid OrganizationId, string Name, string PartnerId, int Lines, IReadOnlyList<ImportTotal> Totals);

/// <summary>An import's answer: the lines written per organization, or the error with the rows' problems (nothing written).</summary>
public sealed record EarningImportResult(
    int Status, string? Error, int Lines, IReadOnlyList<ImportedOrganization> Organizations, IReadOnlyList<ImportIssue> Issues, int IssueCount)
{
    public bool Succeeded => Error is null;

    public static EarningImportResult Fail(string error, IReadOnlyList<ImportIssue>? issues = null, int? count = null) =>
        new(StatusCodes.Status400BadRequest, error, 0, [], issues ?? [], count ?? issues?.Count ?? 0);

    public IResult ToResult() => Succeeded
        ? TypedResults.Ok(new { lines = Lines, organizations = Organizations })
        : new ApiProblem(Status, Error!, extensions: new Dictionary<string, object?> { ["rows"] = Issues, ["rowErrorCount"] = IssueCount });
}

/// <summary>
/// Records the vendor's earnings lines from a CSV file (UTF-8, RFC 4180, with a header): every row is checked before
/// anything is written, and a file with any bad row writes nothing. A good file is written in one transaction with one
/// audit record per organization (line count and totals per currency) and one in the platform chain.
/// </summary>
/// <remarks>
/// Columns (header names are matched without case, spaces, hyphens or underscores): <c>partnerId</c> (7 digits),
/// <c>locationPartnerId</c> (optional; one of that organization's locations), <c>program</c>, <c>lever</c>,
/// <c>period</c> (<c>yyyy-MM</c>), <c>amount</c> (major units, invariant: <c>-1234.50</c>), <c>currency</c> (ISO 4217,
/// one Portico accepts), <c>status</c> (<c>Estimated</c>, <c>Accrued</c>, <c>Paid</c>, <c>OnHold</c>), and optional
/// <c>paidOn</c> (<c>yyyy-MM-dd</c>, required with Paid) and <c>holdReason</c> (required with OnHold). Blocks: lines for
/// organizations outside the Incentives program, for another organization's location, amounts a currency cannot hold,
/// and half-written files.
/// </remarks>
public sealed class EarningImportService(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t, TimeProvider time)
{
    public const int MaxRows = 5_000;

    /// <summary>The largest file accepted: 5,000 rows of long program and lever names fit well within it.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>At most this many problems are listed (the count says how many there were).</summary>
    public const int MaxIssuesListed = 200;

    public const string PartnerIdColumn = "partnerId";
    public const string LocationPartnerIdColumn = "locationPartnerId";
    public const string ProgramColumn = "program";
    public const string LeverColumn = "lever";
    public const string PeriodColumn = "period";
    public const string AmountColumn = "amount";
    public const string CurrencyColumn = "currency";
    public const string StatusColumn = "status";
    public const string PaidOnColumn = "paidOn";
    public const string HoldReasonColumn = "holdReason";

    public static readonly IReadOnlyList<string> RequiredColumns =
        [PartnerIdColumn, ProgramColumn, LeverColumn, PeriodColumn, AmountColumn, CurrencyColumn, StatusColumn];

    public static readonly IReadOnlyList<string> Columns =
        [PartnerIdColumn, LocationPartnerIdColumn, ProgramColumn, LeverColumn, PeriodColumn, AmountColumn, CurrencyColumn, StatusColumn, PaidOnColumn, HoldReasonColumn];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed record Row(int Number, Guid OrganizationId, EarningLine Line);

    public async Task<EarningImportResult> ImportAsync(byte[] file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        string text;
        try
        {
            text = StrictUtf8.GetString(file);
        }
        catch (DecoderFallbackException)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportNotUtf8);
        }

        IReadOnlyList<CsvRecord> records;
        try
        {
            records = Csv.Parse(text);
        }
        catch (CsvFormatException e)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportInvalid, [Issue(e.Row, null, ImportCodes.MalformedCsv)]);
        }

        if (records.Count < 2)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportEmpty);
        }

        if (records.Count - 1 > MaxRows)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportTooManyRows);
        }

        var issues = new List<ImportIssue>();
        var header = Header(records[0], issues);
        if (issues.Count > 0)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportInvalid, issues);
        }

        var data = records.Skip(1).ToList();
        string? Cell(CsvRecord record, string column) =>
            header.TryGetValue(column, out var index) && index < record.Fields.Count ? record.Fields[index].Trim() : null;

        var partnerIds = data.Select(r => Cell(r, PartnerIdColumn)).OfType<string>().Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => partnerIds.Contains(o.PartnerId))
            .Select(o => new { o.Id, o.PartnerId, o.DisplayName, Enrolled = o.Programs.Any(p => p.Program == Authorization.Programs.Incentives) })
            .ToDictionaryAsync(o => o.PartnerId, StringComparer.Ordinal, cancellationToken);
        var locationIds = data.Select(r => Cell(r, LocationPartnerIdColumn)).Where(v => !string.IsNullOrEmpty(v)).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.PartnerId))
            .Select(l => new { l.Id, l.PartnerId, l.OrganizationId })
            .ToDictionaryAsync(l => l.PartnerId, StringComparer.Ordinal, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<Row>();
        foreach (var record in data)
        {
            if (record.Fields.Count != header.Count)
            {
                issues.Add(Issue(record.Row, null, ImportCodes.ColumnCount, header.Count));
                continue;
            }

            var before = issues.Count;
            void Fail(string column, string code, object? argument = null) => issues.Add(Issue(record.Row, column, code, argument));

            var partnerId = Text(record, PartnerIdColumn, 7, Cell, Fail);
            Guid? organizationId = null;
            if (partnerId is not null)
            {
                if (!organizations.TryGetValue(partnerId, out var org))
                {
                    Fail(PartnerIdColumn, ImportCodes.PartnerNotFound);
                }
                else if (!org.Enrolled)
                {
                    Fail(PartnerIdColumn, ImportCodes.NotEnrolled);
                }
                else
                {
                    organizationId = org.Id;
                }
            }

            Guid? locationId = null;
            var locationPartnerId = Text(record, LocationPartnerIdColumn, 7, Cell, Fail, required: false);
            if (locationPartnerId is not null && organizationId is not null)
            {
                if (locations.TryGetValue(locationPartnerId, out var location) && location.OrganizationId == organizationId)
                {
                    locationId = location.Id;
                }
                else
                {
                    Fail(LocationPartnerIdColumn, ImportCodes.LocationNotFound);
                }
            }

            var program = Text(record, ProgramColumn, EarningLine.ProgramMaxLength, Cell, Fail);
            var lever = Text(record, LeverColumn, EarningLine.LeverMaxLength, Cell, Fail);
            DateOnly? period = null;
            if (Text(record, PeriodColumn, 7, Cell, Fail) is { } periodText)
            {
                period = EarningFilter.ParseMonth(periodText);
                if (period is not { Year: >= 2000 and <= 2100 })
                {
                    Fail(PeriodColumn, ImportCodes.InvalidValue);
                    period = null;
                }
            }

            var currency = Text(record, CurrencyColumn, 3, Cell, Fail);
            if (currency is not null && !Money.IsCurrency(currency))
            {
                Fail(CurrencyColumn, ImportCodes.InvalidValue);
                currency = null;
            }

            long? amountMinor = null;
            if (Text(record, AmountColumn, 32, Cell, Fail) is { } amountText)
            {
                if (!decimal.TryParse(amountText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    Fail(AmountColumn, ImportCodes.InvalidValue);
                }
                else if (Math.Abs(amount) > Money.MaxValue)
                {
                    Fail(AmountColumn, ImportCodes.OutOfRange);
                }
                else if (currency is not null)
                {
                    amountMinor = Money.ToMinor(amount, currency);
                    if (amountMinor is null)
                    {
                        Fail(AmountColumn, ImportCodes.TooManyDecimals, currency);
                    }
                }
            }

            EarningStatus? status = null;
            if (Text(record, StatusColumn, 16, Cell, Fail) is { } statusText)
            {
                if (EarningService.TryParseName(statusText, out EarningStatus s))
                {
                    status = s;
                }
                else
                {
                    Fail(StatusColumn, ImportCodes.InvalidValue);
                }
            }

            DateOnly? paidOn = null;
            if (Text(record, PaidOnColumn, 10, Cell, Fail, required: false) is { } paidText)
            {
                if (DateOnly.TryParseExact(paidText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var paid) && paid.Year is >= 2000 and <= 2100)
                {
                    paidOn = paid;
                }
                else
                {
                    Fail(PaidOnColumn, ImportCodes.InvalidValue);
                }
            }

            var holdReason = Text(record, HoldReasonColumn, 40, Cell, Fail, required: false);
            if (holdReason is not null && !HoldReasons.All.Contains(holdReason, StringComparer.Ordinal))
            {
                Fail(HoldReasonColumn, ImportCodes.InvalidValue);
                holdReason = null;
            }

            if (status is { } st)
            {
                CheckForStatus(st == EarningStatus.Paid, Cell(record, PaidOnColumn), PaidOnColumn, st, Fail);
                CheckForStatus(st == EarningStatus.OnHold, Cell(record, HoldReasonColumn), HoldReasonColumn, st, Fail);
            }

            if (issues.Count == before)
            {
                rows.Add(new Row(record.Row, organizationId!.Value, new EarningLine
                {
                    OrganizationId = organizationId.Value,
                    Program = program!,
                    Lever = lever!,
                    Period = period!.Value,
                    LocationId = locationId,
                    AmountMinor = amountMinor!.Value,
                    Currency = currency!,
                    Status = status!.Value,
                    PaidOn = paidOn,
                    HoldReason = holdReason,
                    CreatedUtc = now,
                    UpdatedUtc = now,
                }));
            }
        }

        if (issues.Count > 0)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportInvalid, [.. issues.Take(MaxIssuesListed)], issues.Count);
        }

        db.EarningLines.AddRange(rows.Select(r => r.Line));
        var summary = new List<ImportedOrganization>();
        foreach (var group in rows.GroupBy(r => r.OrganizationId))
        {
            var org = organizations.Values.Single(o => o.Id == group.Key);
            var totals = group.GroupBy(r => r.Line.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ImportTotal(g.Key, g.Count(), Money.ToMajor(g.Sum(r => r.Line.AmountMinor), g.Key), g.Sum(r => r.Line.AmountMinor)))
                .ToList();
            summary.Add(new ImportedOrganization(org.Id, org.DisplayName, org.PartnerId, group.Count(), totals));
            var periods = group.Select(r => r.Line.Period).ToList();
            audit.Record(AuditEventType.EarningLinesImported, org.Id, details: new
            {
                lines = group.Count(),
                totals = totals.Select(x => new { currency = x.Currency, lines = x.Lines, amount = Money.Invariant(x.AmountMinor, x.Currency) }),
                from = periods.Min().ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
                to = periods.Max().ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
            });
        }

        audit.Record(AuditEventType.EarningLinesImported, targetOrganizationId: null, details: new
        {
            lines = rows.Count,
            organizations = summary.Select(s => new { organizationId = s.OrganizationId, partnerId = s.PartnerId, lines = s.Lines }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new EarningImportResult(StatusCodes.Status200OK, null, rows.Count, summary.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), [], 0);
    }

    /// <summary>Column name → index; a missing required, unknown or repeated column is an issue of row 1.</summary>
    private Dictionary<string, int> Header(CsvRecord header, List<ImportIssue> issues)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = Normalize(header.Fields[i]);
            var column = Columns.FirstOrDefault(c => Normalize(c) == name);
            if (column is null)
            {
                issues.Add(Issue(1, Clip(header.Fields[i]), ImportCodes.ColumnUnknown));
            }
            else if (!map.TryAdd(column, i))
            {
                issues.Add(Issue(1, column, ImportCodes.ColumnDuplicate));
            }
        }

        issues.AddRange(RequiredColumns.Where(c => !map.ContainsKey(c)).Select(c => Issue(1, c, ImportCodes.ColumnMissing)));
        return map;
    }

    private static string Normalize(string name) =>
        new([.. name.Trim().Where(c => c is not (' ' or '_' or '-')).Select(char.ToLowerInvariant)]);

    private static string Clip(string value) => value.Length > 40 ? value[..40] : value;

    private static string? Text(
        CsvRecord record, string column, int maxLength, Func<CsvRecord, string, string?> cell, Action<string, string, object?> fail, bool required = true)
    {
        var value = cell(record, column);
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                fail(column, ImportCodes.Required, null);
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            fail(column, ImportCodes.TooLong, maxLength);
            return null;
        }

        if (value.Any(char.IsControl))
        {
            fail(column, ImportCodes.InvalidCharacters, null);
            return null;
        }

        return value;
    }

    /// <summary>A payment date goes with Paid only and a hold reason with OnHold only.</summary>
    private static void CheckForStatus(bool needed, string? value, string column, EarningStatus status, Action<string, string, object?> fail)
    {
        if (needed && string.IsNullOrEmpty(value))
        {
            fail(column, ImportCodes.Required, null);
        }
        else if (!needed && !string.IsNullOrEmpty(value))
        {
            fail(column, ImportCodes.NotAllowedForStatus, status.ToString());
        }
    }

    private ImportIssue Issue(int row, string? column, string code, object? argument = null) =>
        new(row, column, code, argument is null ? t["EarningImport.Code." + code].Value : t["EarningImport.Code." + code, argument].Value);
}
