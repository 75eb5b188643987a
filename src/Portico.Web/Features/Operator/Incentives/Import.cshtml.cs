using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>
/// Records earnings lines from an uploaded CSV file (see <see cref="EarningImportService"/>): a file with any bad row
/// writes nothing and the page lists every problem with its row and column; a good file is written whole, or with
/// "Check only" just counted. The latest imports are listed below the form.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class ImportModel(EarningImportService import, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int HistoryShown = 20;

    /// <summary>The failed import's answer, shown with its problems; null on a fresh page.</summary>
    public EarningImportResult? Failure { get; private set; }

    /// <summary>A check-only answer: what the file would do, nothing written.</summary>
    public EarningImportResult? Checked { get; private set; }

    /// <summary>The checkbox as posted, kept when the page is shown again.</summary>
    public bool CheckOnly { get; private set; }

    /// <summary>What the last import did, per organization (carried over the redirect).</summary>
    public IReadOnlyList<string> Imported { get; private set; } = [];

    public IReadOnlyList<ImportHistoryView> History { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (TempData["Imported"] is string[] lines)
        {
            Imported = lines;
        }

        await LoadHistoryAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool checkOnly, CancellationToken cancellationToken)
    {
        CheckOnly = checkOnly;
        if (file is null || file.Length == 0)
        {
            Failure = EarningImportResult.Fail(IncentiveDeskErrors.ImportEmpty);
            await LoadHistoryAsync(cancellationToken);
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var result = await import.ImportAsync(buffer.ToArray(), file.FileName, checkOnly, User, cancellationToken);
        if (!result.Succeeded || result.DryRun)
        {
            Failure = result.Succeeded ? null : result;
            Checked = result.DryRun ? result : null;
            await LoadHistoryAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["IncentiveDesk.Import.Done", result.Lines, result.Organizations.Count, result.Added, result.Updated, result.Unchanged].Value;
        TempData["Imported"] = Summary(result).ToArray();
        return RedirectToPage();
    }

    /// <summary>One sentence per organization: lines added, updated and unchanged, and the file's totals per currency.</summary>
    public IEnumerable<string> Summary(EarningImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Organizations.Select(o => t["IncentiveDesk.Import.Organization", o.Name, o.PartnerId, o.Added, o.Updated, o.Unchanged,
            string.Join(", ", o.Totals.Select(x => Infrastructure.Money.Format(x.Amount, x.Currency)))].Value);
    }

    private async Task LoadHistoryAsync(CancellationToken cancellationToken) =>
        History = (await import.HistoryAsync(1, HistoryShown, cancellationToken)).Items;
}
