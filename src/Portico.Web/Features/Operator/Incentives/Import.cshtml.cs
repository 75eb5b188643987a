using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>
/// Records earnings lines from an uploaded CSV file (see <see cref="EarningImportService"/>): a file with any bad row
/// writes nothing and the page lists every problem with its row and column; a good file is written whole.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class ImportModel(EarningImportService import, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The failed import's answer, shown with its problems; null on a fresh page.</summary>
    public EarningImportResult? Failure { get; private set; }

    /// <summary>The lines the last import wrote, per organization (carried over the redirect).</summary>
    public IReadOnlyList<string> Imported { get; private set; } = [];

    public void OnGet()
    {
        if (TempData["Imported"] is string[] lines)
        {
            Imported = lines;
        }
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Failure = EarningImportResult.Fail(IncentiveDeskErrors.ImportEmpty);
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var result = await import.ImportAsync(buffer.ToArray(), cancellationToken);
        if (!result.Succeeded)
        {
            Failure = result;
            return Page();
        }

        TempData["Status"] = t["IncentiveDesk.Import.Done", result.Lines, result.Organizations.Count].Value;
        TempData["Imported"] = result.Organizations
            .Select(o => t["IncentiveDesk.Import.Organization", o.Name, o.PartnerId, o.Lines,
                string.Join(", ", o.Totals.Select(x => Infrastructure.Money.Format(x.Amount, x.Currency)))].Value)
            .ToArray();
        return RedirectToPage();
    }
}
