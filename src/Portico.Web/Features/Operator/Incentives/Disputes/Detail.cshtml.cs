using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Incentives.Disputes;

/// <summary>
/// One dispute for the vendor's staff: the organization, the disputed line, the thread, and while it is open the forms
/// to reply and to resolve it (upheld with the line's new amount, or rejected with a message).
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class DetailModel(DisputeDeskService desk, IStringLocalizer<SharedResource> t) : PageModel
{
    public DeskDisputeView Dispute { get; private set; } = null!;

    public List<(string Field, string Message)> Errors { get; } = [];

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    /// <summary>The dispute's version when the agent loaded the page; a resolution against an older one is refused.</summary>
    [BindProperty]
    public Guid? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken cancellationToken) =>
        await HandleAsync(id, await desk.ReplyAsync(User, id, Comment, Version, cancellationToken), "IncentiveDesk.Replied", cancellationToken);

    public async Task<IActionResult> OnPostResolveAsync(Guid id, CancellationToken cancellationToken)
    {
        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(Amount))
        {
            if (!decimal.TryParse(Amount.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                var invalid = new DeskResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
                    [new FieldError("amount", FieldCodes.InvalidValue, t["Validation." + FieldCodes.InvalidValue].Value)]);
                return await HandleAsync(id, invalid, "", cancellationToken);
            }

            amount = value;
        }

        return await HandleAsync(id, await desk.ResolveAsync(User, id, Outcome, amount, Message, Version, cancellationToken), "IncentiveDesk.Resolved", cancellationToken);
    }

    private async Task<IActionResult> HandleAsync(Guid id, DeskResult result, string done, CancellationToken cancellationToken)
    {
        if (result.Error == IncentiveErrors.DisputeNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t[done].Value;
            return RedirectToPage(new { id });
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            Errors.AddRange(fields.Select(f => (f.Field, t["IncentiveDesk.Field." + f.Field] + ": " + f.Message)));
        }
        else
        {
            Errors.Add(("", t["Error." + result.Error].Value));
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await desk.GetAsync(id, cancellationToken) is not { } dispute)
        {
            return false;
        }

        Dispute = dispute;
        return true;
    }
}
