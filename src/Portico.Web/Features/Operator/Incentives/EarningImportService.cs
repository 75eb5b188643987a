using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
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

    /// <summary>The same file (same SHA-256) was imported before; the problem names when, by whom and under which file name.</summary>
    public const string ImportAlreadyImported = "earnings_import_already_imported";

    /// <summary>Another import, or a dispute, changed the file's lines at the same moment; nothing of this one was written.</summary>
    public const string ImportConflict = "earnings_import_conflict";
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

    /// <summary>The same reference appears on an earlier row of the file for the same organization.</summary>
    public const string ReferenceDuplicate = "reference_duplicate";

    /// <summary>The referenced line is Paid, which is final; only a row identical to it is accepted.</summary>
    public const string LinePaid = "line_paid";

    /// <summary>The referenced line has an open dispute: its amount stays until the dispute is resolved.</summary>
    public const string LineDisputed = "line_disputed";

    /// <summary>The row would move the referenced line's status backwards (e.g. Accrued to Estimated).</summary>
    public const string StatusBackwards = "status_backwards";

    /// <summary>The row gives the referenced line another currency; a line keeps its currency (reverse it and add a new line).</summary>
    public const string CurrencyChanged = "currency_changed";

    public static readonly IReadOnlyList<string> All =
    [
        MalformedCsv, ColumnMissing, ColumnUnknown, ColumnDuplicate, ColumnCount, Required, TooLong, InvalidCharacters, InvalidValue,
        OutOfRange, TooManyDecimals, PartnerNotFound, NotEnrolled, LocationNotFound, NotAllowedForStatus,
        ReferenceDuplicate, LinePaid, LineDisputed, StatusBackwards, CurrencyChanged,
    ];
}

/// <summary>One problem of an earnings file: its row (the header is row 1), the column, a stable code and a message in the caller's language.</summary>
public sealed record ImportIssue(int Row, string? Column, string Code, string Message);

public sealed record ImportTotal(string Currency, int Lines, decimal Amount, long AmountMinor);

/// <summary>What an import does (or, checked only, would do) for one organization: lines added, updated and unchanged, and the file's totals per currency.</summary>
public sealed record ImportedOrganization(
    Guid OrganizationId, string Name, string PartnerId, int Lines, int Added, int Updated, int Unchanged, IReadOnlyList<ImportTotal> Totals);

/// <summary>An earlier import of the same file: when, by whom and under which name.</summary>
public sealed record PreviousImport(Guid Id, DateTime ImportedAt, string ImportedBy, string? FileName);

/// <summary>
/// An import's answer: per organization the lines added, updated and unchanged (written, or only counted when
/// <see cref="DryRun"/>), or the error with the rows' problems or the earlier import of the same file (nothing written).
/// </summary>
public sealed record EarningImportResult(
    int Status, string? Error, int Lines, IReadOnlyList<ImportedOrganization> Organizations, IReadOnlyList<ImportIssue> Issues, int IssueCount)
{
    public bool Succeeded => Error is null;

    /// <summary>Checked only: the counts say what the import would do; nothing was written and no import was recorded.</summary>
    public bool DryRun { get; init; }

    /// <summary>The recorded import (history); null for a check only or a failure.</summary>
    public Guid? ImportId { get; init; }

    /// <summary>With <see cref="IncentiveDeskErrors.ImportAlreadyImported"/>: the earlier import of the same file.</summary>
    public PreviousImport? Previous { get; init; }

    /// <summary>A sentence for this occurrence in the caller's language (the problem's <c>detail</c>).</summary>
    public string? Detail { get; init; }

    public int Added => Organizations.Sum(o => o.Added);

    public int Updated => Organizations.Sum(o => o.Updated);

    public int Unchanged => Organizations.Sum(o => o.Unchanged);

    public static EarningImportResult Fail(string error, IReadOnlyList<ImportIssue>? issues = null, int? count = null) =>
        new(StatusCodes.Status400BadRequest, error, 0, [], issues ?? [], count ?? issues?.Count ?? 0);

    public IResult ToResult()
    {
        if (Succeeded)
        {
            return TypedResults.Ok(new { importId = ImportId, dryRun = DryRun, lines = Lines, added = Added, updated = Updated, unchanged = Unchanged, organizations = Organizations });
        }

        var extensions = new Dictionary<string, object?>();
        if (Detail is not null)
        {
            extensions["detail"] = Detail;
        }

        if (Previous is { } previous)
        {
            extensions["importId"] = previous.Id;
            extensions["importedAt"] = previous.ImportedAt;
            extensions["importedBy"] = previous.ImportedBy;
            extensions["fileName"] = previous.FileName;
        }
        else if (Status == StatusCodes.Status400BadRequest)
        {
            extensions["rows"] = Issues;
            extensions["rowErrorCount"] = IssueCount;
        }

        return new ApiProblem(Status, Error!, extensions: extensions);
    }
}

/// <summary>One recorded import as the history lists it.</summary>
public sealed record ImportHistoryView(
    Guid Id, DateTime ImportedAt, Guid? ImportedById, string ImportedBy, string? FileName, string Sha256, int Rows, int Organizations,
    int Added, int Updated, int Unchanged);

public sealed record ImportHistoryPage(IReadOnlyList<ImportHistoryView> Items, int Page, int PageSize, int Total);

/// <summary>
/// Records the vendor's earnings lines from a CSV file (UTF-8, RFC 4180, with a header): every row is checked before
/// anything is written, and a file with any bad row writes nothing. A row with a vendor <c>reference</c> the
/// organization already has updates that line; any other row adds one. A good file is written in one transaction with
/// its import record (history), one audit record per organization it changed and one in the platform chain.
/// </summary>
/// <remarks>
/// Columns (header names are matched without case, spaces, hyphens or underscores): <c>partnerId</c> (7 digits),
/// <c>locationPartnerId</c> (optional; one of that organization's locations), <c>program</c>, <c>lever</c>,
/// <c>period</c> (<c>yyyy-MM</c>), <c>amount</c> (major units, invariant: <c>-1234.50</c>), <c>currency</c> (ISO 4217,
/// one Portico accepts), <c>status</c> (<c>Estimated</c>, <c>Accrued</c>, <c>Paid</c>, <c>OnHold</c>), and optional
/// <c>paidOn</c> (<c>yyyy-MM-dd</c>, required with Paid), <c>holdReason</c> (required with OnHold) and <c>reference</c>
/// (the vendor's id of the line). Blocks: lines for organizations outside the Incentives program, for another
/// organization's location, amounts a currency cannot hold, half-written files, the same file imported twice (its
/// SHA-256 is unique in the history, so doubled earnings cannot slip in even from two uploads at once), one reference
/// twice in a file, changes to Paid lines, amount changes while a dispute is open, statuses moving backwards and a
/// line changing currency.
/// </remarks>
public sealed class EarningImportService(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t, TimeProvider time)
{
    public const int MaxRows = 5_000;

    /// <summary>The largest file accepted: 5,000 rows of long program and lever names fit well within it.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>At most this many problems are listed (the count says how many there were).</summary>
    public const int MaxIssuesListed = 200;

    public const int HistoryDefaultPageSize = 20;
    public const int HistoryMaxPageSize = 100;

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
    public const string ReferenceColumn = "reference";

    public static readonly IReadOnlyList<string> RequiredColumns =
        [PartnerIdColumn, ProgramColumn, LeverColumn, PeriodColumn, AmountColumn, CurrencyColumn, StatusColumn];

    public static readonly IReadOnlyList<string> Columns =
    [
        PartnerIdColumn, LocationPartnerIdColumn, ProgramColumn, LeverColumn, PeriodColumn, AmountColumn, CurrencyColumn, StatusColumn,
        PaidOnColumn, HoldReasonColumn, ReferenceColumn,
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A good row: the line it adds (<see cref="Existing"/> null) or the line it updates, and the values it carries.</summary>
    private sealed record Row(int Number, Guid OrganizationId, EarningLine Values, EarningLine? Existing, bool Changes);

    /// <summary>
    /// Where a line's status may go: forward only. Paid is final (see <see cref="ImportCodes.LinePaid"/>); OnHold goes back
    /// to Accrued once what blocked the payment is fixed.
    /// </summary>
    public static bool MayMove(EarningStatus from, EarningStatus to) => from == to || (from, to) switch
    {
        (EarningStatus.Estimated, EarningStatus.Accrued or EarningStatus.Paid or EarningStatus.OnHold) => true,
        (EarningStatus.Accrued, EarningStatus.Paid or EarningStatus.OnHold) => true,
        (EarningStatus.OnHold, EarningStatus.Accrued or EarningStatus.Paid) => true,
        _ => false,
    };

    /// <summary>The recorded imports, newest first.</summary>
    public async Task<ImportHistoryPage> HistoryAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await db.EarningImports.CountAsync(cancellationToken);
        var items = await db.EarningImports.AsNoTracking().OrderByDescending(i => i.ImportedUtc).ThenByDescending(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new ImportHistoryView(
                i.Id, i.ImportedUtc, i.ImportedByAccountId, i.ImportedByName, i.FileName, i.Sha256, i.Rows, i.Organizations,
                i.LinesAdded, i.LinesUpdated, i.LinesUnchanged))
            .ToListAsync(cancellationToken);
        return new ImportHistoryPage(items, page, pageSize, total);
    }

    /// <summary>A file name as given by a browser or caller, reduced to its last path segment without control characters and clipped; null when none is left.</summary>
    public static string? CleanFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? null : clean.Length > EarningImport.FileNameMaxLength ? clean[..EarningImport.FileNameMaxLength] : clean;
    }

    /// <param name="file">The file's bytes.</param>
    /// <param name="fileName">The file's name for the history (see <see cref="CleanFileName"/>); may be null.</param>
    /// <param name="dryRun">Check only: validate and count, write nothing and record no import.</param>
    /// <param name="actor">The staff member importing (recorded in the history and the audit trail).</param>
    /// <param name="cancellationToken">Cancels the import before it writes.</param>
    public async Task<EarningImportResult> ImportAsync(byte[] file, string? fileName, bool dryRun, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        string text;
        try
        {
            text = StrictUtf8.GetString(file);
        }
        catch (DecoderFallbackException)
        {
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportNotUtf8);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        if (await PreviousAsync(sha256, cancellationToken) is { } previous)
        {
            return AlreadyImported(previous);
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

        // Note: the lines the file's references name are loaded tracked (an update changes them in place), with their open
        // disputes, in two queries for the whole file rather than per row.
        var organizationIds = organizations.Values.Select(o => o.Id).ToList();
        var references = data.Select(r => Cell(r, ReferenceColumn)).Where(EarningLine.IsReference).Distinct().ToList();
        List<EarningLine> referenced = references.Count == 0 ? [] : await db.EarningLines
            .Where(e => e.Reference != null && organizationIds.Contains(e.OrganizationId) && references.Contains(e.Reference))
            .ToListAsync(cancellationToken);
        var existingLines = referenced.ToDictionary(e => (e.OrganizationId, e.Reference!));
        var referencedIds = referenced.Select(e => e.Id).ToList();
        HashSet<Guid> disputed = referencedIds.Count == 0 ? [] : (await db.EarningDisputes.AsNoTracking()
            .Where(d => d.Status == DisputeStatus.Open && referencedIds.Contains(d.EarningLineId)).Select(d => d.EarningLineId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var seenReferences = new HashSet<(Guid, string)>();

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

            var reference = Text(record, ReferenceColumn, EarningLine.ReferenceMaxLength, Cell, Fail, required: false);
            if (reference is not null && !EarningLine.IsReference(reference))
            {
                Fail(ReferenceColumn, ImportCodes.InvalidValue);
                reference = null;
            }

            if (reference is not null && organizationId is { } orgId && !seenReferences.Add((orgId, reference)))
            {
                Fail(ReferenceColumn, ImportCodes.ReferenceDuplicate);
                reference = null;
            }

            if (issues.Count != before)
            {
                continue;
            }

            var values = new EarningLine
            {
                OrganizationId = organizationId!.Value,
                Program = program!,
                Lever = lever!,
                Period = period!.Value,
                LocationId = locationId,
                AmountMinor = amountMinor!.Value,
                Currency = currency!,
                Status = status!.Value,
                PaidOn = paidOn,
                HoldReason = holdReason,
                Reference = reference,
                CreatedUtc = now,
                UpdatedUtc = now,
            };
            if (reference is null || !existingLines.TryGetValue((values.OrganizationId, reference), out var existing))
            {
                rows.Add(new Row(record.Row, values.OrganizationId, values, null, Changes: true));
                continue;
            }

            var changes = !Same(existing, values);
            if (changes && existing.Status == EarningStatus.Paid)
            {
                Fail(ReferenceColumn, ImportCodes.LinePaid);
                continue;
            }

            if (changes)
            {
                if (!string.Equals(existing.Currency, values.Currency, StringComparison.Ordinal))
                {
                    Fail(CurrencyColumn, ImportCodes.CurrencyChanged, existing.Currency);
                }

                if (!MayMove(existing.Status, values.Status))
                {
                    Fail(StatusColumn, ImportCodes.StatusBackwards, existing.Status.ToString());
                }

                if (existing.AmountMinor != values.AmountMinor && disputed.Contains(existing.Id))
                {
                    Fail(AmountColumn, ImportCodes.LineDisputed);
                }
            }

            if (issues.Count == before)
            {
                rows.Add(new Row(record.Row, values.OrganizationId, values, existing, changes));
            }
        }

        if (issues.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EarningImportResult.Fail(IncentiveDeskErrors.ImportInvalid, [.. issues.Take(MaxIssuesListed)], issues.Count);
        }

        var summary = new List<ImportedOrganization>();
        foreach (var group in rows.GroupBy(r => r.OrganizationId))
        {
            var org = organizations.Values.Single(o => o.Id == group.Key);
            var totals = group.GroupBy(r => r.Values.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ImportTotal(g.Key, g.Count(), Money.ToMajor(g.Sum(r => r.Values.AmountMinor), g.Key), g.Sum(r => r.Values.AmountMinor)))
                .ToList();
            summary.Add(new ImportedOrganization(
                org.Id, org.DisplayName, org.PartnerId, group.Count(), group.Count(r => r.Existing is null), group.Count(r => r.Existing is not null && r.Changes),
                group.Count(r => !r.Changes), totals));
        }

        summary = [.. summary.OrderBy(s => s.Name, StringComparer.Ordinal)];
        if (dryRun)
        {
            db.ChangeTracker.Clear();
            return new EarningImportResult(StatusCodes.Status200OK, null, rows.Count, summary, [], 0) { DryRun = true };
        }

        return await WriteAsync(rows, summary, sha256, fileName, actor, now, cancellationToken);
    }

    /// <summary>
    /// Writes a checked file: its new lines, its updates, its history entry and its audit records, in one save; a line
    /// changed since it was checked, or a racing import of the same file or references, writes nothing (409).
    /// </summary>
    private async Task<EarningImportResult> WriteAsync(
        List<Row> rows, List<ImportedOrganization> summary, string sha256, string? fileName, ClaimsPrincipal actor, DateTime now, CancellationToken cancellationToken)
    {
        var import = new EarningImport
        {
            ImportedUtc = now,
            ImportedByAccountId = actor.AccountId(),
            ImportedByName = Clip(actor.Identity?.Name ?? "", EarningImport.ImportedByNameMaxLength),
            FileName = CleanFileName(fileName),
            Sha256 = sha256,
            Rows = rows.Count,
            Organizations = summary.Count,
            LinesAdded = summary.Sum(s => s.Added),
            LinesUpdated = summary.Sum(s => s.Updated),
            LinesUnchanged = summary.Sum(s => s.Unchanged),
        };
        db.EarningImports.Add(import);

        // Note: counted before the lines change below; per organization, how many updated lines moved to each status.
        var moved = rows.Where(r => r.Existing is { } e && e.Status != r.Values.Status)
            .GroupBy(r => r.OrganizationId)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Values.Status).OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(), s => s.Count()));
        foreach (var row in rows.Where(r => r.Changes))
        {
            if (row.Existing is not { } line)
            {
                db.EarningLines.Add(row.Values);
                continue;
            }

            line.Program = row.Values.Program;
            line.Lever = row.Values.Lever;
            line.Period = row.Values.Period;
            line.LocationId = row.Values.LocationId;
            line.AmountMinor = row.Values.AmountMinor;
            line.Status = row.Values.Status;
            line.PaidOn = row.Values.PaidOn;
            line.HoldReason = row.Values.HoldReason;
            line.UpdatedUtc = now;
            line.Version = Guid.NewGuid();
        }

        foreach (var org in summary.Where(s => s.Added + s.Updated > 0))
        {
            var group = rows.Where(r => r.OrganizationId == org.OrganizationId).ToList();
            var periods = group.Select(r => r.Values.Period).ToList();
            audit.Record(AuditEventType.EarningLinesImported, org.OrganizationId, details: new
            {
                importId = import.Id,
                lines = org.Lines,
                added = org.Added,
                updated = org.Updated,
                unchanged = org.Unchanged,
                movedTo = moved.GetValueOrDefault(org.OrganizationId) ?? new Dictionary<string, int>(),
                totals = org.Totals.Select(x => new { currency = x.Currency, lines = x.Lines, amount = Money.Invariant(x.AmountMinor, x.Currency) }),
                from = periods.Min().ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
                to = periods.Max().ToString(EarningFilter.PeriodFormat, CultureInfo.InvariantCulture),
            });
        }

        audit.Record(AuditEventType.EarningLinesImported, targetOrganizationId: null, details: new
        {
            importId = import.Id,
            sha256,
            lines = rows.Count,
            added = import.LinesAdded,
            updated = import.LinesUpdated,
            unchanged = import.LinesUnchanged,
            organizations = summary.Select(s => new { organizationId = s.OrganizationId, partnerId = s.PartnerId, lines = s.Lines, added = s.Added, updated = s.Updated }),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation<EarningImport>(e, nameof(EarningImport.Sha256)))
        {
            // Note: the same file was imported by another request between our check and our write; nothing of ours was written.
            db.ChangeTracker.Clear();
            return await PreviousAsync(sha256, cancellationToken) is { } other
                ? AlreadyImported(other)
                : new EarningImportResult(StatusCodes.Status409Conflict, IncentiveDeskErrors.ImportConflict, 0, [], [], 0);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: a line this file updates changed after it was checked (a dispute opened on it, a dispute resolved with a
            // new amount, another import); nothing of this import was written, and uploading it again checks anew.
            db.ChangeTracker.Clear();
            return new EarningImportResult(StatusCodes.Status409Conflict, IncentiveDeskErrors.ImportConflict, 0, [], [], 0);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation<EarningLine>(e, nameof(EarningLine.OrganizationId), nameof(EarningLine.Reference)))
        {
            // Note: another import added a line with one of these references at the same moment; this file now would update
            // it instead of adding, so it is refused whole and can simply be uploaded again.
            db.ChangeTracker.Clear();
            return new EarningImportResult(StatusCodes.Status409Conflict, IncentiveDeskErrors.ImportConflict, 0, [], [], 0);
        }

        return new EarningImportResult(StatusCodes.Status200OK, null, rows.Count, summary, [], 0) { ImportId = import.Id };
    }

    /// <summary>True when the row carries exactly the line's values: it changes nothing.</summary>
    private static bool Same(EarningLine line, EarningLine row) =>
        line.Program == row.Program && line.Lever == row.Lever && line.Period == row.Period && line.LocationId == row.LocationId
        && line.AmountMinor == row.AmountMinor && line.Currency == row.Currency && line.Status == row.Status && line.PaidOn == row.PaidOn
        && line.HoldReason == row.HoldReason;

    private async Task<PreviousImport?> PreviousAsync(string sha256, CancellationToken cancellationToken) =>
        await db.EarningImports.AsNoTracking().Where(i => i.Sha256 == sha256)
            .Select(i => new PreviousImport(i.Id, i.ImportedUtc, i.ImportedByName, i.FileName)).SingleOrDefaultAsync(cancellationToken);

    private EarningImportResult AlreadyImported(PreviousImport previous) =>
        new(StatusCodes.Status409Conflict, IncentiveDeskErrors.ImportAlreadyImported, 0, [], [], 0)
        {
            Previous = previous,
            Detail = t["EarningImport.AlreadyImportedDetail",
                previous.ImportedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                previous.ImportedBy.Length == 0 ? "—" : previous.ImportedBy, previous.FileName ?? "—"].Value,
        };

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

    private static string Clip(string value, int length = 40) => value.Length > length ? value[..length] : value;

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
