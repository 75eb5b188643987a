using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives.Earnings;

/// <summary>
/// One earnings line for the vendor's staff: its organization and facts, any open dispute, its adjustment history, and
/// the form to adjust it (new amount and/or status, a reason, a note) against the version the agent loaded.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class DetailModel(EarningDeskService desk, IStringLocalizer<SharedResource> t) : PageModel
{
    public DeskEarningView Line { get; private set; } = null!;

    public List<(string Field, string Message)> Errors { get; } = [];

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? PaidOn { get; set; }

    [BindProperty]
    public string? HoldReason { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The line's version when the agent loaded the page; an adjustment against an older one is refused.</summary>
    [BindProperty]
    public Guid? Version { get; set; }

    /// <summary>The statuses the form offers: the line's own (no change) and those the status rule lets it move to.</summary>
    public IEnumerable<string> Statuses =>
        Enum.GetValues<EarningStatus>().Where(s => EarningImportService.MayMove(Enum.Parse<EarningStatus>(Line.Status), s)).Select(s => s.ToString());

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        decimal? amount = null;
        var amountOk = true;
        if (!string.IsNullOrWhiteSpace(Amount))
        {
            amountOk = decimal.TryParse(Amount.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
            amount = value;
        }

        var result = amountOk
            ? await desk.AdjustAsync(User, id, new EarningAdjustmentInput(amount, Status, PaidOn, HoldReason, null, Reason, Note, Version), cancellationToken)
            : new DeskResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
                [new FieldError("amount", FieldCodes.InvalidValue, t["Validation." + FieldCodes.InvalidValue].Value)]);
        if (result.Error == IncentiveErrors.EarningNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t["EarningDesk.Adjusted"].Value;
            return RedirectToPage(new { id });
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            Errors.AddRange(fields.Select(f => (f.Field, t["EarningDesk.Field." + f.Field] + ": " + f.Message)));
        }
        else
        {
            Errors.Add(("", t["Error." + result.Error].Value));
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await desk.GetAsync(id, cancellationToken) is not { } line)
        {
            return false;
        }

        Line = line;
        return true;
    }
}
